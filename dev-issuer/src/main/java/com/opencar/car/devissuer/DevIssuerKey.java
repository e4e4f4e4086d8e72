package com.opencar.car.devissuer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;

import com.nimbusds.jose.jwk.RSAKey;

import org.springframework.security.converter.RsaKeyConverters;

/**
 * The development issuer's fixed RSA key ({@code dev-issuer/private-key.pem} in this
 * module; the public half, {@code dev-issuer/public-key.pem}, ships with the services).
 * Anyone can sign with it: it is trusted for local runs and tests only.
 */
public final class DevIssuerKey {

	/** Key id in token headers and the key set. */
	public static final String KEY_ID = "dev-issuer-1";

	private DevIssuerKey() {
	}

	/**
	 * @return the key pair as a JWK, private half included
	 */
	public static RSAKey rsaKey() {
		try (InputStream in = DevIssuerKey.class.getResourceAsStream("/dev-issuer/private-key.pem")) {
			RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) RsaKeyConverters.pkcs8().convert(in);
			RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
				.generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
			return new RSAKey.Builder(publicKey).privateKey(privateKey).keyID(KEY_ID).build();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
