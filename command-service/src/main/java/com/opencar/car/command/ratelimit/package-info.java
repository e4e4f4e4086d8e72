/**
 * Per-caller rate limits on command creation: a token bucket per caller (Bucket4j), 429
 * with {@code Retry-After} when it is empty.
 */
package com.opencar.car.command.ratelimit;
