package com.opencar.car.support.security;

import java.io.IOException;
import java.io.InputStream;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.util.StringUtils;

import com.opencar.car.support.registry.VehicleDirectory;

/**
 * The token decoder, the role hierarchy and the object-level checks every REST service
 * uses. Imported by each service next to its own {@code SecurityFilterChain}.
 * <p>
 * A service refuses to start unless tokens are checked for both issuer and audience: a
 * token minted for another application of the same identity provider must not open this
 * one. Only the configured algorithms verify; unsigned ({@code alg: none}) tokens never
 * decode.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(JwtProperties.class)
public class ApiSecurityConfiguration {

	private static final Log logger = LogFactory.getLog(ApiSecurityConfiguration.class);

	/**
	 * No observations of Spring Security's filter chain, authentication and
	 * authorization: they wrap each of the chain's filters of every request in an
	 * observation, which the command service's profile under load showed as a large share
	 * of a request's CPU, for metrics no dashboard reads. Requests are still timed
	 * ({@code http.server.requests}).
	 */
	@Bean
	static SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	static RoleHierarchy roleHierarchy() {
		return Roles.hierarchy();
	}

	@Bean
	JwtDecoder jwtDecoder(JwtProperties properties) throws IOException {
		if (!StringUtils.hasText(properties.issuer()) || !StringUtils.hasText(properties.audience())) {
			throw new IllegalStateException("Set car.security.jwt.issuer and car.security.jwt.audience: every "
					+ "token's issuer and audience are checked (the profile dev-issuer sets them for the "
					+ "development issuer)");
		}
		List<SignatureAlgorithm> algorithms = properties.algorithms().stream().map(SignatureAlgorithm::from).toList();
		if (algorithms.contains(null) || algorithms.isEmpty()) {
			throw new IllegalStateException("car.security.jwt.algorithms: unknown signature algorithm in "
					+ properties.algorithms() + " (RS256, ES256, PS256… are known)");
		}
		NimbusJwtDecoder decoder;
		if (StringUtils.hasText(properties.jwkSetUri())) {
			decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri())
				.jwsAlgorithms((accepted) -> accepted.addAll(algorithms))
				.build();
		}
		else if (properties.publicKey() != null) {
			logger.warn("Tokens are verified with the fixed key " + properties.publicKey().getDescription()
					+ "; if it is the development issuer's, whose private key is public, this is for local runs "
					+ "and tests only");
			decoder = NimbusJwtDecoder.withPublicKey(readRsaPublicKey(properties))
				.signatureAlgorithm(algorithms.get(0))
				.build();
		}
		else {
			throw new IllegalStateException(
					"Set car.security.jwt.jwk-set-uri (the issuer's key set) or car.security.jwt.public-key");
		}
		OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
				(aud) -> aud != null && aud.contains(properties.audience()));
		// the default timestamp check lets a token without exp through, valid for ever
		OAuth2TokenValidator<Jwt> expires = new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull);
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
				JwtValidators.createDefaultWithIssuer(properties.issuer()), audience, expires));
		return new VerifiedTokenCache(decoder, 10_000, Clock.systemUTC());
	}

	@Bean
	VehicleAccess vehicleAccess(VehicleDirectory directory) {
		return new VehicleAccess(directory);
	}

	private static RSAPublicKey readRsaPublicKey(JwtProperties properties) throws IOException {
		try (InputStream in = properties.publicKey().getInputStream()) {
			return RsaKeyConverters.x509().convert(in);
		}
	}

}
