package com.opencar.car.ingest.ratelimit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How fast one caller may post telemetry over HTTP: a bucket of {@code burst} tokens
 * refilled at {@code perSecond}. The caller is the authenticated principal, or the client
 * address while the API is not authenticated.
 *
 * @param enabled whether HTTP ingest is limited
 * @param burst requests a caller may make at once
 * @param perSecond requests per second a caller may make over time
 * @param idleExpiry how long an idle caller's bucket is kept
 */
@ConfigurationProperties("car.ingest.http.rate-limit")
public record RateLimitProperties(@DefaultValue("true") boolean enabled, @DefaultValue("50") long burst,
		@DefaultValue("20") long perSecond, @DefaultValue("10m") Duration idleExpiry) {

}
