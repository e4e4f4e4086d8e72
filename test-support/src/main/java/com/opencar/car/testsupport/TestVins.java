package com.opencar.car.testsupport;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import com.opencar.car.common.vehicle.VehicleId;

/**
 * VINs unique to one test run and one prefix, so a test finds its own records on topics
 * other tests share.
 */
public final class TestVins {

	private static final String ALPHABET = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";

	private static final AtomicLong counter = new AtomicLong();

	private final String prefix;

	private TestVins(String prefix) {
		this.prefix = prefix;
	}

	/**
	 * A fresh, random 7-character prefix; VINs are the prefix and a 10-digit number.
	 * @return the generator
	 */
	public static TestVins fresh() {
		StringBuilder prefix = new StringBuilder();
		for (int i = 0; i < 7; i++) {
			prefix.append(ALPHABET.charAt(ThreadLocalRandom.current().nextInt(ALPHABET.length())));
		}
		return new TestVins(prefix.toString());
	}

	public VehicleId next() {
		return VehicleId.of(this.prefix + "%010d".formatted(counter.incrementAndGet()));
	}

	public boolean owns(String vin) {
		return vin != null && vin.startsWith(this.prefix);
	}

}
