package com.opencar.car.support.ratelimit;

import java.time.Duration;

/**
 * One caller's allowance: a bucket of {@code burst} tokens, {@code refill} tokens added
 * back every {@code refillPeriod} (gradually, not all at once).
 *
 * @param burst requests a caller may make at once
 * @param refill tokens added back per period
 * @param refillPeriod the period
 * @param idleExpiry how long an idle caller's bucket is kept
 */
public record RateLimit(long burst, long refill, Duration refillPeriod, Duration idleExpiry) {

	public RateLimit {
		if (burst < 1 || refill < 1 || refillPeriod.isNegative() || refillPeriod.isZero()) {
			throw new IllegalArgumentException("a rate limit needs a burst, a refill and a period");
		}
	}

}
