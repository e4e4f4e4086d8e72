package com.opencar.car.support.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;

/**
 * Which tokens the REST APIs accept. Every token must be signed with one of
 * {@code algorithms} by a key from {@code jwk-set-uri} (an identity provider's key set)
 * or the fixed {@code public-key} (PEM), name {@code issuer} in {@code iss} and
 * {@code audience} in {@code aud}, and be unexpired.
 *
 * @param issuer the {@code iss} every token must carry
 * @param audience the value {@code aud} must contain
 * @param jwkSetUri where the issuer publishes its signing keys
 * @param publicKey a fixed RSA public key instead (the development issuer's)
 * @param algorithms the signature algorithms accepted; anything else, {@code none}
 * included, is refused
 */
@ConfigurationProperties("car.security.jwt")
public record JwtProperties(String issuer, String audience, String jwkSetUri, Resource publicKey,
		@DefaultValue("RS256") List<String> algorithms) {

}
