package com.opencar.car.testsupport.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import com.opencar.car.devissuer.DevIssuerKey;

/**
 * The development issuer: a fixed RSA key whose private half is in this repository
 * ({@code dev-issuer/private-key.pem} in the module dev-issuer), trusted by the services
 * under the profile {@code dev-issuer}. Mints the tokens tests and local runs call the
 * APIs with. Never trusted anywhere else: anyone can mint with it.
 */
public final class DevIssuer {

	/** The issuer ({@code iss}) the services expect under the profile. */
	public static final String ISSUER = "http://localhost:9000";

	/** The audience ({@code aud}) the services expect under the profile. */
	public static final String AUDIENCE = "connected-car";

	/** The Spring profile that makes a service trust this issuer. */
	public static final String PROFILE = "dev-issuer";

	/** Key id in the token header and the issuer's key set. */
	public static final String KEY_ID = DevIssuerKey.KEY_ID;

	private static final RSAKey KEY = DevIssuerKey.rsaKey();

	private static final NimbusJwtEncoder ENCODER = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(KEY)));

	// minted once: valid longer than any test run, and signing on every call would cost
	// a benchmark's clients CPU
	private static final String PLATFORM_TOKEN = token("platform-test").roles("admin")
		.fleets("*")
		.lifetime(Instant.now(), Duration.ofHours(12))
		.mint();

	private DevIssuer() {
	}

	/**
	 * @return the issuer's key pair, for a server that publishes the public half as a key
	 * set or signs with it
	 */
	public static RSAKey key() {
		return KEY;
	}

	/**
	 * @param subject who the token is for
	 * @return a token builder, valid for an hour, for this issuer and audience, without
	 * roles or fleets
	 */
	public static Token token(String subject) {
		return new Token(subject, List.of(), List.of(), ISSUER, AUDIENCE, Instant.now(), Duration.ofHours(1));
	}

	/**
	 * @return a token for the platform's own test caller: admin of every fleet, which
	 * tests that are not about authorization call with
	 */
	public static String platformToken() {
		return PLATFORM_TOKEN;
	}

	/**
	 * A token to mint: each method returns a changed copy.
	 *
	 * @param subject {@code sub}
	 * @param roles {@code roles}: viewer, operator, ingest, admin
	 * @param fleets {@code fleets}, {@code "*"} for every fleet
	 * @param issuer {@code iss}
	 * @param audience {@code aud}
	 * @param issuedAt {@code iat}
	 * @param validFor how long after {@code issuedAt} it expires ({@code exp}); null for
	 * a token without {@code exp}
	 */
	public record Token(String subject, List<String> roles, List<String> fleets, String issuer, String audience,
			Instant issuedAt, Duration validFor) {

		public Token roles(String... roles) {
			return new Token(this.subject, List.of(roles), this.fleets, this.issuer, this.audience, this.issuedAt,
					this.validFor);
		}

		public Token fleets(String... fleets) {
			return new Token(this.subject, this.roles, List.of(fleets), this.issuer, this.audience, this.issuedAt,
					this.validFor);
		}

		public Token issuer(String issuer) {
			return new Token(this.subject, this.roles, this.fleets, issuer, this.audience, this.issuedAt,
					this.validFor);
		}

		public Token audience(String audience) {
			return new Token(this.subject, this.roles, this.fleets, this.issuer, audience, this.issuedAt,
					this.validFor);
		}

		/**
		 * @param issuedAt when it was issued; with a short validity, an expired token
		 * @param validFor how long it is valid
		 * @return the changed token
		 */
		public Token lifetime(Instant issuedAt, Duration validFor) {
			return new Token(this.subject, this.roles, this.fleets, this.issuer, this.audience, issuedAt, validFor);
		}

		/**
		 * @return the same token without {@code exp}: valid for ever, if a service let it
		 */
		public Token withoutExpiry() {
			return lifetime(this.issuedAt, null);
		}

		/**
		 * @return the signed token, compact serialization
		 */
		public String mint() {
			JwtClaimsSet.Builder builder = JwtClaimsSet.builder()
				.subject(this.subject)
				.issuer(this.issuer)
				.audience(List.of(this.audience))
				.issuedAt(this.issuedAt)
				.notBefore(this.issuedAt)
				.claim("roles", this.roles)
				.claim("fleets", this.fleets);
			if (this.validFor != null) {
				builder.expiresAt(this.issuedAt.plus(this.validFor));
			}
			JwtClaimsSet claims = builder.build();
			JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(KEY_ID).build();
			return ENCODER.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
		}

	}

}
