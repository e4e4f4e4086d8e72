package com.opencar.car.support.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Which tokens the cache answers itself and which it hands to the decoder: a verified
 * token is verified once until it expires, a refused one every time.
 */
class VerifiedTokenCacheTests {

	private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

	private final MovableClock clock = new MovableClock();

	/** Every token the decoder was asked to verify. */
	private final List<String> verified = new ArrayList<>();

	private final VerifiedTokenCache cache = new VerifiedTokenCache((token) -> {
		this.verified.add(token);
		if (token.startsWith("bad")) {
			throw new BadJwtException("signature does not verify");
		}
		Jwt.Builder jwt = Jwt.withTokenValue(token).header("alg", "RS256").subject("fleet-backend").issuedAt(T0);
		return token.startsWith("forever") ? jwt.build() : jwt.expiresAt(T0.plus(Duration.ofMinutes(5))).build();
	}, 100, this.clock);

	@Test
	void verifiesATokenOnceWhileItIsValid() {
		Jwt first = this.cache.decode("good-1");
		this.clock.advance(Duration.ofMinutes(4));
		Jwt again = this.cache.decode("good-1");
		assertThat(again).isSameAs(first);
		assertThat(this.verified).containsExactly("good-1");
	}

	@Test
	void verifiesEachDistinctToken() {
		this.cache.decode("good-1");
		this.cache.decode("good-2");
		this.cache.decode("good-1");
		assertThat(this.verified).containsExactly("good-1", "good-2");
	}

	@Test
	void verifiesAgainOnceTheTokenExpired() {
		this.cache.decode("good-1");
		this.clock.advance(Duration.ofMinutes(5));
		this.cache.decode("good-1");
		assertThat(this.verified).containsExactly("good-1", "good-1");
	}

	@Test
	void neverKeepsARefusedToken() {
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> this.cache.decode("bad-1"));
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> this.cache.decode("bad-1"));
		assertThat(this.verified).containsExactly("bad-1", "bad-1");
	}

	@Test
	void neverKeepsATokenWithoutExpiry() {
		this.cache.decode("forever-1");
		this.cache.decode("forever-1");
		assertThat(this.verified).containsExactly("forever-1", "forever-1");
	}

	private static final class MovableClock extends Clock {

		private Instant now = T0;

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
