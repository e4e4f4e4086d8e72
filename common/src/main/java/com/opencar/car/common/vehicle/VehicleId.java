package com.opencar.car.common.vehicle;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A vehicle identification number as ISO 3779 defines it: 17 characters, digits and
 * capital letters without I, O and Q (they read like 1 and 0). The check digit is not
 * verified because only North American VINs carry one.
 *
 * @param value the VIN
 */
public record VehicleId(String value) implements Comparable<VehicleId> {

	private static final int LENGTH = 17;

	public VehicleId {
		if (!isValid(value)) {
			throw new IllegalArgumentException(
					"Not a VIN (17 characters of 0-9 and A-Z without I, O, Q): '" + abbreviate(value) + "'");
		}
	}

	@JsonCreator
	public static VehicleId of(String vin) {
		return new VehicleId(vin);
	}

	public static boolean isValid(String vin) {
		// a loop rather than a regular expression: every telemetry record is checked
		// twice on its way to the database (StoreBenchmark profile: the regex was 5 % of
		// the sink's CPU)
		if (vin == null || vin.length() != LENGTH) {
			return false;
		}
		for (int index = 0; index < LENGTH; index++) {
			char c = vin.charAt(index);
			boolean digit = c >= '0' && c <= '9';
			boolean letter = c >= 'A' && c <= 'Z' && c != 'I' && c != 'O' && c != 'Q';
			if (!digit && !letter) {
				return false;
			}
		}
		return true;
	}

	@Override
	@JsonValue
	public String value() {
		return this.value;
	}

	@Override
	public int compareTo(VehicleId other) {
		return this.value.compareTo(other.value);
	}

	@Override
	public String toString() {
		return this.value;
	}

	private static String abbreviate(String text) {
		if (text == null) {
			return "null";
		}
		return (text.length() <= 40) ? text : text.substring(0, 40) + "…";
	}

}
