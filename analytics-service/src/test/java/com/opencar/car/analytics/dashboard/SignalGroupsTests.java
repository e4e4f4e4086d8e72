package com.opencar.car.analytics.dashboard;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SignalGroupsTests {

	@Test
	void writesValuesWithTheirUnitsAsPeopleReadThem() {
		assertThat(SignalGroups.value(328311L, "m")).isEqualTo("328.3 km");
		assertThat(SignalGroups.value(72.5, "percent")).isEqualTo("72.5 %");
		assertThat(SignalGroups.value(250.0, "kPa")).isEqualTo("250 kPa");
		assertThat(SignalGroups.value(52.520001, "degrees")).isEqualTo("52.520001°");
		assertThat(SignalGroups.value(21.25, "celsius")).isEqualTo("21.3 °C");
		assertThat(SignalGroups.value(true, null)).isEqualTo("yes");
		assertThat(SignalGroups.value("ON", null)).isEqualTo("ON");
	}

	@Test
	void groupsTheCataloguesSignalsAndPutsTheRestUnderOther() {
		assertThat(SignalGroups.of(Map.of("Vehicle.Chassis.Axle.Row1.Wheel.Left.Tire.Pressure", 250.0, "Vehicle.Speed",
				48.0, "Vehicle.OEM.Thing", 3, "Vehicle.Powertrain.Range", 328311L)))
			.extracting((section) -> section.title() + ": "
					+ section.rows().stream().map((row) -> row.label() + " " + row.value()).toList())
			.containsExactly("Driving: [Speed 48 km/h]", "Battery and charging: [Range 328.3 km]",
					"Tires: [Front left 250 kPa]", "Other: [Vehicle.OEM.Thing 3]");
	}

}
