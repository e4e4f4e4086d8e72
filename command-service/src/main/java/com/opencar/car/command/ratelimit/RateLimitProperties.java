package com.opencar.car.command.ratelimit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How fast one caller may create commands: a bucket of {@code burst} tokens refilled at
 * {@code perSecond}. The caller is the authenticated principal, or the client address
 * while the API is not authenticated.
 *
 * @param enabled whether command creation is limited
 * @param burst commands a caller may create at once
 * @param perSecond commands per second a caller may create over time
 * @param idleExpiry how long an idle caller's bucket is kept
 */
@ConfigurationProperties("car.command.rate-limit")
public record RateLimitProperties(@DefaultValue("true") boolean enabled, @DefaultValue("20") long burst,
		@DefaultValue("10") long perSecond, @DefaultValue("10m") Duration idleExpiry) {

}
