package com.opencar.car.simulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.opencar.car.common.vehicle.VehicleId;

/**
 * Development credentials of simulated cars: each car's password is
 * {@code base64url(HMAC-SHA256(secret, VIN))} without padding, so a fleet of simulated
 * cars needs one secret, and the broker's password file can be made from the same secret
 * ({@code security/car-password.sh} computes the same value).
 */
public final class CarCredentials {

	private CarCredentials() {
	}

	/**
	 * @param secret the simulated fleet's secret
	 * @param vin the car
	 * @return its password
	 */
	public static String password(String secret, VehicleId vin) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(mac.doFinal(vin.value().getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is part of every JDK", ex);
		}
	}

}
