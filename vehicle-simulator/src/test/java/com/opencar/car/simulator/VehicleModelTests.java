package com.opencar.car.simulator;

import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import com.opencar.car.common.command.CommandType;
import com.opencar.car.common.signal.VssSignal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class VehicleModelTests {

	private final SimulatorProperties properties = new Binder(new MapConfigurationPropertySource(Map.of()))
		.bindOrCreate("car.simulator", SimulatorProperties.class);

	@Test
	void drivesAroundTheCityDrainingTheBatteryAndCountingKilometres() {
		VehicleModel car = new VehicleModel(this.properties, new SplittableRandom(1));
		Map<String, Object> first = car.step(1).signals();
		double maxSpeed = 0;
		boolean drove = false;
		Map<String, Object> last = first;
		for (int second = 0; second < 3_600; second++) {
			last = car.step(1).signals();
			double speed = number(last, VssSignal.SPEED);
			maxSpeed = Math.max(maxSpeed, speed);
			drove |= car.mode() == VehicleModel.Mode.DRIVING;
			double distance = VehicleModel.distanceKm(52.52, 13.405, number(last, VssSignal.LATITUDE),
					number(last, VssSignal.LONGITUDE));
			assertThat(distance).isLessThan(13);
		}
		assertThat(drove).isTrue();
		assertThat(maxSpeed).isBetween(30.0, 135.0);
		assertThat(number(last, VssSignal.ODOMETER)).isGreaterThan(number(first, VssSignal.ODOMETER) + 5);
		assertThat(last).containsKeys(VssSignal.HEADING.path(), VssSignal.BATTERY_TEMPERATURE.path(),
				VssSignal.ACCELERATION_LONGITUDINAL.path(), VssSignal.DOOR_FRONT_LEFT_LOCKED.path());
	}

	@Test
	void chargesWhenTheBatteryRunsLowUpToTheChargeLimit() {
		VehicleModel car = new VehicleModel(this.properties, new SplittableRandom(2));
		car.apply(CommandType.SET_CHARGE_LIMIT, Map.of("percent", 70));
		boolean charged = false;
		for (int second = 0; second < 48 * 3_600 && !charged; second++) {
			Map<String, Object> signals = car.step(1).signals();
			if (Boolean.TRUE.equals(signals.get(VssSignal.IS_CHARGING.path()))) {
				charged = true;
				assertThat(number(signals, VssSignal.STATE_OF_CHARGE))
					.isLessThan(this.properties.behaviour().chargeBelowPercent() + 1);
			}
		}
		assertThat(charged).isTrue();
		Map<String, Object> signals = car.signals();
		while (car.mode() == VehicleModel.Mode.CHARGING) {
			signals = car.step(1).signals();
		}
		assertThat(number(signals, VssSignal.STATE_OF_CHARGE)).isCloseTo(70, within(0.1));
	}

	@Test
	void commandsChangeTheStateTheTelemetryReports() {
		VehicleModel car = new VehicleModel(this.properties, new SplittableRandom(3));
		assertThat(car.apply(CommandType.UNLOCK_DOORS, Map.of())).isNull();
		assertThat(car.apply(CommandType.START_CLIMATE, Map.of("targetTemperatureC", 23.5))).isNull();
		Map<String, Object> signals = car.signals();
		assertThat(signals).containsEntry(VssSignal.DOOR_FRONT_LEFT_LOCKED.path(), false)
			.containsEntry(VssSignal.IS_HVAC_ACTIVE.path(), true)
			.containsEntry(VssSignal.CABIN_TARGET_TEMPERATURE.path(), 23.5);
	}

	@Test
	void refusesToUnlockOrChargeWhileDriving() {
		VehicleModel car = new VehicleModel(this.properties, new SplittableRandom(4));
		while (car.mode() != VehicleModel.Mode.DRIVING) {
			car.step(1);
		}
		assertThat(car.apply(CommandType.UNLOCK_DOORS, Map.of())).isEqualTo("doors stay locked while driving");
		assertThat(car.apply(CommandType.START_CHARGING, Map.of())).isEqualTo("not plugged in while driving");
	}

	private static double number(Map<String, Object> signals, VssSignal signal) {
		return ((Number) signals.get(signal.path())).doubleValue();
	}

}
