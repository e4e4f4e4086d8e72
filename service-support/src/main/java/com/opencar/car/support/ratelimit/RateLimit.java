package com.opencar.car.support.ratelimit;

import java.time.Duration;

/**
 * One caller's allowance: a bucket of {@code burst} tokens refilled at {@code perSecond}.
 *
 * @param burst requests a caller may make at once
 * @param perSecond requests per second a caller may make over time
 * @param idleExpiry how long an idle caller's bucket is kept
 */
public record RateLimit(long burst, long perSecond, Duration idleExpiry) {

	public RateLimit {
		if (burst < 1 || perSecond < 1) {
			throw new IllegalArgumentException("a rate limit needs a burst and a rate of at least 1");
		}
	}

}
