package com.opencar.car.ingest.ratelimit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How fast one caller may post telemetry over HTTP: a bucket of {@code burst} tokens
 * refilled at {@code refill} tokens per {@code refillPeriod}, added back gradually. The
 * caller is the authenticated principal, or the client address while the API is not
 * authenticated.
 *
 * @param enabled whether HTTP ingest is limited
 * @param burst requests a caller may make at once
 * @param refill tokens added back per period
 * @param refillPeriod the period
 * @param idleExpiry how long an idle caller's bucket is kept
 */
@ConfigurationProperties("car.ingest.http.rate-limit")
public record RateLimitProperties(@DefaultValue("true") boolean enabled, @DefaultValue("50") long burst,
		@DefaultValue("20") long refill, @DefaultValue("1s") Duration refillPeriod,
		@DefaultValue("10m") Duration idleExpiry) {

}
