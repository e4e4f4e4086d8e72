package com.opencar.car.support.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Verifies each distinct bearer token once and remembers the result until the token
 * expires. A client sends the same token with every request for its lifetime; checking
 * its signature and claims again on each was the largest single cost of a command
 * {@code POST} in the command service's profile under load.
 * <p>
 * Only tokens the decoder accepted are kept, keyed by the whole token (so by its
 * signature too), each until its {@code exp} and at most {@code maximumSize} of them: a
 * token that failed is checked again every time, and a kept one stops being accepted from
 * here at its expiry, when the next request verifies it afresh (the decoder then applies
 * its clock skew). Tokens without an expiry are not kept.
 */
public final class VerifiedTokenCache implements JwtDecoder {

	private final JwtDecoder decoder;

	private final Clock clock;

	private final Cache<String, Jwt> verified;

	/**
	 * @param decoder the decoder that verifies tokens
	 * @param maximumSize how many verified tokens to keep at most
	 * @param clock the time, to tell how long a token has left
	 */
	public VerifiedTokenCache(JwtDecoder decoder, long maximumSize, Clock clock) {
		this.decoder = decoder;
		this.clock = clock;
		this.verified = Caffeine.newBuilder()
			.maximumSize(maximumSize)
			.ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
			.expireAfter(Expiry.creating((String token, Jwt jwt) -> timeLeft(jwt)))
			.build();
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		Jwt known = this.verified.getIfPresent(token);
		if (known != null) {
			return known;
		}
		Jwt jwt = this.decoder.decode(token);
		if (jwt.getExpiresAt() != null && jwt.getExpiresAt().isAfter(this.clock.instant())) {
			this.verified.put(token, jwt);
		}
		return jwt;
	}

	private Duration timeLeft(Jwt jwt) {
		Instant expiresAt = jwt.getExpiresAt();
		return (expiresAt != null) ? Duration.between(this.clock.instant(), expiresAt) : Duration.ZERO;
	}

}
