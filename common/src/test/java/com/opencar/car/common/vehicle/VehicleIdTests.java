package com.opencar.car.common.vehicle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class VehicleIdTests {

	@ParameterizedTest
	@ValueSource(strings = { "WVWZZZ1JZXW000001", "1HGCM82633A004352", "5YJ3E1EA7KF317000", "00000000000000000" })
	void acceptsIso3779Vins(String vin) {
		assertThat(VehicleId.isValid(vin)).isTrue();
		assertThat(VehicleId.of(vin).value()).isEqualTo(vin);
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "WVWZZZ1JZXW00000", // 16 characters
			"WVWZZZ1JZXW0000011", // 18 characters
			"WVWZZZ1JZXW00000I", // I looks like 1
			"WVWZZZ1JZXW00000O", // O looks like 0
			"WVWZZZ1JZXW00000Q", // Q looks like 0
			"wvwzzz1jzxw000001", // lower case
			"WVWZZZ1JZXW 00001", // space
			"WVWZZZ1JZXW-00001", // punctuation
			"WVWZZZ1JZXW00000Ä", // non-ASCII
			"WVWZZZ1JZXW000001\n" })
	void rejectsAnythingElse(String vin) {
		assertThat(VehicleId.isValid(vin)).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> VehicleId.of(vin)).withMessageContaining("Not a VIN");
	}

	@Test
	void abbreviatesHugeInputInTheErrorMessage() {
		String huge = "X".repeat(10_000);
		assertThatIllegalArgumentException().isThrownBy(() -> VehicleId.of(huge))
			.satisfies((ex) -> assertThat(ex.getMessage()).hasSizeLessThan(200));
	}

	@Test
	void ordersAndPrintsAsTheVin() {
		VehicleId a = VehicleId.of("AAAAAAAAAAAAAAAAA");
		VehicleId b = VehicleId.of("BBBBBBBBBBBBBBBBB");
		assertThat(a).isLessThan(b);
		assertThat(a).hasToString("AAAAAAAAAAAAAAAAA");
		assertThat(a).isEqualTo(VehicleId.of("AAAAAAAAAAAAAAAAA"));
	}

}
