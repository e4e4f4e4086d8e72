/**
 * Per-caller rate limits for HTTP endpoints: a token bucket per caller (Bucket4j), 429
 * with {@code Retry-After} and a problem detail when it is empty.
 */
package com.opencar.car.support.ratelimit;
