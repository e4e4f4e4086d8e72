/**
 * Per-caller rate limits on command creation: its settings, and where the shared
 * {@code CallerRateLimiter} applies.
 */
package com.opencar.car.command.ratelimit;
