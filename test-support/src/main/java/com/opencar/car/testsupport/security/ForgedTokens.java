package com.opencar.car.testsupport.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tokens a service must refuse, each wrong in exactly one way; otherwise the token of
 * {@code valid}.
 */
public final class ForgedTokens {

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private static final Base64.Decoder BASE64URL_DECODER = Base64.getUrlDecoder();

	private ForgedTokens() {
	}

	/**
	 * @param valid a token the service accepts
	 * @return the same token six ways wrong, by what is wrong with it
	 */
	public static Map<String, String> of(DevIssuer.Token valid) {
		Map<String, String> forged = new LinkedHashMap<>();
		forged.put("expired", valid.lifetime(Instant.now().minus(Duration.ofHours(2)), Duration.ofHours(1)).mint());
		forged.put("no expiry", valid.withoutExpiry().mint());
		forged.put("wrong issuer", valid.issuer("https://issuer.example.com").mint());
		forged.put("wrong audience", valid.audience("another-application").mint());
		forged.put("alg none", unsigned(valid.mint()));
		forged.put("tampered signature", withClaimsOf(valid.mint(), valid.roles("admin").fleets("*").mint()));
		return forged;
	}

	/**
	 * @return the token's claims under {@code {"alg":"none"}} and without a signature
	 */
	static String unsigned(String token) {
		String claims = token.split("\\.")[1];
		return BASE64URL.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
				+ claims + ".";
	}

	/**
	 * @return the first token's header and signature around the second token's claims: a
	 * signature that does not match its claims
	 */
	static String withClaimsOf(String signed, String other) {
		String[] parts = signed.split("\\.");
		String claims = other.split("\\.")[1];
		if (new String(BASE64URL_DECODER.decode(claims), StandardCharsets.UTF_8)
			.equals(new String(BASE64URL_DECODER.decode(parts[1]), StandardCharsets.UTF_8))) {
			throw new IllegalArgumentException("the claims must differ");
		}
		return parts[0] + "." + claims + "." + parts[2];
	}

}
