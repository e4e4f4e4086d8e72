package com.opencar.car.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import com.opencar.car.common.command.CommandType;
import com.opencar.car.common.signal.VssSignal;

/**
 * One car's physics and habits, advanced in steps: it drives from waypoint to waypoint
 * around a city with a speed profile per stretch, parks, drains and charges its battery,
 * warms up its battery, and now and then brakes harshly, reports a diagnostic trouble
 * code or (rarely) crashes. Commands change its state, so their effect shows up in the
 * telemetry. Not thread-safe: one car, one thread at a time.
 */
final class VehicleModel {

	enum Mode {

		DRIVING, PARKED, CHARGING

	}

	/** An event the car reports on {@code vehicles/{vin}/events}. */
	record Event(String type, Map<String, Object> data) {

	}

	/** What one step produced. */
	record Step(Map<String, Object> signals, List<Event> events) {

	}

	private static final double EARTH_KM_PER_DEGREE = 111.195;

	/** Typical stretch speeds: residential, city, arterial, motorway. */
	private static final double[] STRETCH_SPEEDS = { 30, 50, 80, 120 };

	private static final String[] DTC_CODES = { "P0420", "P0300", "P0171", "P0128", "P0A80", "U0100" };

	private final SimulatorProperties.Behaviour behaviour;

	private final double centerLatitude;

	private final double centerLongitude;

	private final double radiusKm;

	private final RandomGenerator random;

	private Mode mode = Mode.PARKED;

	private double modeSeconds;

	private double latitude;

	private double longitude;

	private double heading;

	private double speedKmh;

	private double stretchSpeedKmh = 50;

	private double stretchSeconds;

	private double waypointLatitude;

	private double waypointLongitude;

	private double stateOfCharge;

	private double odometerKm;

	private double batteryTemperature = 18;

	private double acceleration;

	private boolean doorsLocked = true;

	private boolean climateOn;

	private double cabinTargetTemperature = 21;

	private double chargeLimit = 80;

	private boolean crashed;

	VehicleModel(SimulatorProperties properties, RandomGenerator random) {
		this.behaviour = properties.behaviour();
		this.centerLatitude = properties.city().latitude();
		this.centerLongitude = properties.city().longitude();
		this.radiusKm = properties.city().radiusKm();
		this.random = random;
		double[] start = randomPoint();
		this.latitude = start[0];
		this.longitude = start[1];
		this.stateOfCharge = 40 + random.nextDouble() * 55;
		this.odometerKm = 5_000 + random.nextDouble() * 60_000;
		this.modeSeconds = random.nextDouble() * 60;
	}

	Step step(double seconds) {
		List<Event> events = new ArrayList<>();
		this.acceleration = 0;
		this.modeSeconds -= seconds;
		switch (this.mode) {
			case DRIVING -> drive(seconds, events);
			case PARKED -> {
				this.speedKmh = 0;
				if (this.stateOfCharge < this.behaviour.chargeBelowPercent()) {
					this.mode = Mode.CHARGING;
				}
				else if (this.modeSeconds <= 0 && !this.crashed) {
					startTrip();
				}
			}
			case CHARGING -> {
				this.speedKmh = 0;
				// ~50 kW on a 75 kWh battery: a percent every minute and a bit, sped up
				// by the setting
				this.stateOfCharge = Math.min(this.chargeLimit,
						this.stateOfCharge + seconds / 72 * this.behaviour.chargingSpeedUp());
				this.batteryTemperature = approach(this.batteryTemperature, 32, seconds / 600);
				if (this.stateOfCharge >= this.chargeLimit - 0.01) {
					this.mode = Mode.PARKED;
					this.modeSeconds = 60;
				}
			}
		}
		if (this.climateOn) {
			// the heat pump draws from the battery while parked too
			this.stateOfCharge = Math.max(0, this.stateOfCharge - seconds * 0.0004);
		}
		if (this.random.nextDouble() < this.behaviour.dtcProbability() * seconds) {
			String code = DTC_CODES[this.random.nextInt(DTC_CODES.length)];
			events.add(new Event("DTC", Map.of("code", code)));
		}
		return new Step(signals(), events);
	}

	private void drive(double seconds, List<Event> events) {
		this.stretchSeconds -= seconds;
		if (this.stretchSeconds <= 0) {
			this.stretchSpeedKmh = STRETCH_SPEEDS[this.random.nextInt(STRETCH_SPEEDS.length)];
			this.stretchSeconds = 30 + this.random.nextDouble() * 90;
		}
		double distanceToWaypoint = distanceKm(this.latitude, this.longitude, this.waypointLatitude,
				this.waypointLongitude);
		double target = (distanceToWaypoint < 0.2) ? 15 : this.stretchSpeedKmh;
		double before = this.speedKmh;
		if (this.random.nextDouble() < this.behaviour.harshBrakingProbability() * seconds && this.speedKmh > 30) {
			// something ran onto the road
			this.speedKmh = Math.max(0, this.speedKmh - 7.5 * 3.6 * seconds);
		}
		else {
			double maxChange = 2.0 * 3.6 * seconds;
			double jitter = (this.random.nextDouble() - 0.5) * 4;
			this.speedKmh = Math.max(0, before + Math.max(-maxChange, Math.min(maxChange, target + jitter - before)));
		}
		this.acceleration = (this.speedKmh - before) / 3.6 / seconds;
		if (this.random.nextDouble() < this.behaviour.crashProbability() * seconds && this.speedKmh > 20) {
			this.crashed = true;
			this.acceleration = -45 - this.random.nextDouble() * 30;
			events.add(new Event("CRASH", Map.of("speedKmh", round(this.speedKmh), "airbagDeployed", true)));
			this.speedKmh = 0;
			park(3_600);
			return;
		}
		double stepKm = this.speedKmh * seconds / 3600;
		this.heading = bearing(this.latitude, this.longitude, this.waypointLatitude, this.waypointLongitude);
		double radians = Math.toRadians(this.heading);
		this.latitude += stepKm * Math.cos(radians) / EARTH_KM_PER_DEGREE;
		this.longitude += stepKm * Math.sin(radians) / (EARTH_KM_PER_DEGREE * Math.cos(Math.toRadians(this.latitude)));
		this.odometerKm += stepKm;
		// ~18 kWh per 100 km on a 75 kWh battery, more at motorway speed
		double consumption = 0.24 * (1 + Math.max(0, this.speedKmh - 80) / 100);
		this.stateOfCharge = Math.max(0, this.stateOfCharge - stepKm * consumption);
		this.batteryTemperature = approach(this.batteryTemperature, 28, seconds / 900);
		if (distanceToWaypoint < 0.05) {
			park(30 + this.random.nextDouble() * 270);
		}
		else if (this.stateOfCharge < this.behaviour.chargeBelowPercent()) {
			park(0);
			this.mode = Mode.CHARGING;
		}
	}

	private void startTrip() {
		double[] waypoint = randomPoint();
		this.waypointLatitude = waypoint[0];
		this.waypointLongitude = waypoint[1];
		this.mode = Mode.DRIVING;
		this.stretchSeconds = 0;
	}

	private void park(double seconds) {
		this.mode = Mode.PARKED;
		this.modeSeconds = seconds;
		this.speedKmh = 0;
	}

	/**
	 * Carries out a command.
	 * @param type the command
	 * @param params its parameters
	 * @return {@code null} when done, otherwise why it failed
	 */
	String apply(CommandType type, Map<String, Object> params) {
		switch (type) {
			case LOCK_DOORS -> this.doorsLocked = true;
			case UNLOCK_DOORS -> {
				if (this.mode == Mode.DRIVING) {
					return "doors stay locked while driving";
				}
				this.doorsLocked = false;
			}
			case START_CLIMATE -> {
				this.climateOn = true;
				if (params.get("targetTemperatureC") instanceof Number target) {
					this.cabinTargetTemperature = target.doubleValue();
				}
			}
			case STOP_CLIMATE -> this.climateOn = false;
			case SET_CHARGE_LIMIT -> {
				if (params.get("percent") instanceof Number percent) {
					this.chargeLimit = percent.doubleValue();
				}
			}
			case START_CHARGING -> {
				if (this.mode == Mode.DRIVING) {
					return "not plugged in while driving";
				}
				if (this.stateOfCharge >= this.chargeLimit) {
					return "already at the charge limit";
				}
				this.mode = Mode.CHARGING;
			}
			case STOP_CHARGING -> {
				if (this.mode == Mode.CHARGING) {
					park(300);
				}
			}
			case HONK_AND_FLASH, LOCATE -> {
				// nothing changes
			}
		}
		return null;
	}

	Map<String, Object> signals() {
		Map<String, Object> signals = new LinkedHashMap<>();
		put(signals, VssSignal.SPEED, round(this.speedKmh));
		put(signals, VssSignal.LATITUDE, Math.round(this.latitude * 1e6) / 1e6);
		put(signals, VssSignal.LONGITUDE, Math.round(this.longitude * 1e6) / 1e6);
		put(signals, VssSignal.HEADING, round(this.heading));
		put(signals, VssSignal.ODOMETER, round(this.odometerKm));
		put(signals, VssSignal.STATE_OF_CHARGE, round(this.stateOfCharge));
		put(signals, VssSignal.RANGE, Math.round(this.stateOfCharge * 4_200));
		put(signals, VssSignal.IS_CHARGING, this.mode == Mode.CHARGING);
		put(signals, VssSignal.IS_CHARGING_CABLE_CONNECTED, this.mode == Mode.CHARGING);
		put(signals, VssSignal.CHARGE_LIMIT, this.chargeLimit);
		put(signals, VssSignal.BATTERY_TEMPERATURE, round(this.batteryTemperature));
		put(signals, VssSignal.ACCELERATION_LONGITUDINAL, round(this.acceleration));
		put(signals, VssSignal.LOW_VOLTAGE_SYSTEM_STATE, (this.mode == Mode.DRIVING) ? "ON" : "OFF");
		put(signals, VssSignal.IS_HVAC_ACTIVE, this.climateOn);
		put(signals, VssSignal.CABIN_TARGET_TEMPERATURE, this.cabinTargetTemperature);
		for (VssSignal door : new VssSignal[] { VssSignal.DOOR_FRONT_LEFT_LOCKED, VssSignal.DOOR_FRONT_RIGHT_LOCKED,
				VssSignal.DOOR_REAR_LEFT_LOCKED, VssSignal.DOOR_REAR_RIGHT_LOCKED }) {
			put(signals, door, this.doorsLocked);
		}
		put(signals, VssSignal.TIRE_PRESSURE_FRONT_LEFT, 250.0);
		put(signals, VssSignal.TIRE_PRESSURE_FRONT_RIGHT, 251.0);
		put(signals, VssSignal.TIRE_PRESSURE_REAR_LEFT, 262.0);
		put(signals, VssSignal.TIRE_PRESSURE_REAR_RIGHT, 261.0);
		return signals;
	}

	Mode mode() {
		return this.mode;
	}

	private static void put(Map<String, Object> signals, VssSignal signal, Object value) {
		signals.put(signal.path(), value);
	}

	private double[] randomPoint() {
		double distance = this.radiusKm * Math.sqrt(this.random.nextDouble());
		double angle = this.random.nextDouble() * 2 * Math.PI;
		double latitude = this.centerLatitude + distance * Math.cos(angle) / EARTH_KM_PER_DEGREE;
		double longitude = this.centerLongitude
				+ distance * Math.sin(angle) / (EARTH_KM_PER_DEGREE * Math.cos(Math.toRadians(this.centerLatitude)));
		return new double[] { latitude, longitude };
	}

	private static double approach(double value, double target, double fraction) {
		return value + (target - value) * Math.min(1, fraction);
	}

	static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
		double dLat = Math.toRadians(lat2 - lat1);
		double dLon = Math.toRadians(lon2 - lon1);
		double a = Math.sin(dLat / 2) * Math.sin(dLat / 2) + Math.cos(Math.toRadians(lat1))
				* Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
		return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(a)));
	}

	private static double bearing(double lat1, double lon1, double lat2, double lon2) {
		double y = Math.sin(Math.toRadians(lon2 - lon1)) * Math.cos(Math.toRadians(lat2));
		double x = Math.cos(Math.toRadians(lat1)) * Math.sin(Math.toRadians(lat2)) - Math.sin(Math.toRadians(lat1))
				* Math.cos(Math.toRadians(lat2)) * Math.cos(Math.toRadians(lon2 - lon1));
		return (Math.toDegrees(Math.atan2(y, x)) + 360) % 360;
	}

	private static double round(double value) {
		return Math.round(value * 10) / 10.0;
	}

}
