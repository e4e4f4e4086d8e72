package com.opencar.car.common.signal;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The VSS (4.x) signals the platform interprets, each with its unit as VSS names it and
 * the range a value must lie in. The path is the key used in telemetry {@code signals}.
 * <p>
 * A range is the one VSS gives (latitude ±90, state of charge 0 to 100) and otherwise the
 * physical one, wide enough for any car and narrow enough to catch a unit mix-up or a
 * corrupt value (speed −100 to 500 km/h, tire pressure 0 to 1,000 kPa). A value outside
 * it is refused as {@code OUT_OF_RANGE}.
 * <p>
 * Signals not listed here (OEM overlays, VSS branches the platform does not interpret)
 * are kept as sent: only their JSON shape is checked, a number, boolean, string or array
 * of those, as VSS is meant to be extended.
 */
public enum VssSignal {

	SPEED("Vehicle.Speed", "km/h", SignalType.NUMBER, -100, 500),

	LATITUDE("Vehicle.CurrentLocation.Latitude", "degrees", SignalType.NUMBER, -90, 90),

	LONGITUDE("Vehicle.CurrentLocation.Longitude", "degrees", SignalType.NUMBER, -180, 180),

	HEADING("Vehicle.CurrentLocation.Heading", "degrees", SignalType.NUMBER, 0, 360),

	ODOMETER("Vehicle.TraveledDistance", "km", SignalType.NUMBER, 0, 10_000_000),

	STATE_OF_CHARGE("Vehicle.Powertrain.TractionBattery.StateOfCharge.Current", "percent", SignalType.NUMBER, 0, 100),

	IS_CHARGING("Vehicle.Powertrain.TractionBattery.Charging.IsCharging", SignalType.BOOLEAN),

	IS_CHARGING_CABLE_CONNECTED("Vehicle.Powertrain.TractionBattery.Charging.IsChargingCableConnected",
			SignalType.BOOLEAN),

	CHARGE_LIMIT("Vehicle.Powertrain.TractionBattery.Charging.ChargeLimit", "percent", SignalType.NUMBER, 0, 100),

	RANGE("Vehicle.Powertrain.Range", "m", SignalType.NUMBER, 0, 5_000_000),

	BATTERY_TEMPERATURE("Vehicle.Powertrain.TractionBattery.Temperature.Average", "celsius", SignalType.NUMBER, -60,
			150),

	COOLANT_TEMPERATURE("Vehicle.Powertrain.CombustionEngine.ECT", "celsius", SignalType.NUMBER, -60, 200),

	FUEL_LEVEL("Vehicle.Powertrain.FuelSystem.RelativeLevel", "percent", SignalType.NUMBER, 0, 100),

	TIRE_PRESSURE_FRONT_LEFT("Vehicle.Chassis.Axle.Row1.Wheel.Left.Tire.Pressure", "kPa", SignalType.NUMBER, 0, 1000),

	TIRE_PRESSURE_FRONT_RIGHT("Vehicle.Chassis.Axle.Row1.Wheel.Right.Tire.Pressure", "kPa", SignalType.NUMBER, 0, 1000),

	TIRE_PRESSURE_REAR_LEFT("Vehicle.Chassis.Axle.Row2.Wheel.Left.Tire.Pressure", "kPa", SignalType.NUMBER, 0, 1000),

	TIRE_PRESSURE_REAR_RIGHT("Vehicle.Chassis.Axle.Row2.Wheel.Right.Tire.Pressure", "kPa", SignalType.NUMBER, 0, 1000),

	DOOR_FRONT_LEFT_LOCKED("Vehicle.Cabin.Door.Row1.DriverSide.IsLocked", SignalType.BOOLEAN),

	DOOR_FRONT_RIGHT_LOCKED("Vehicle.Cabin.Door.Row1.PassengerSide.IsLocked", SignalType.BOOLEAN),

	DOOR_REAR_LEFT_LOCKED("Vehicle.Cabin.Door.Row2.DriverSide.IsLocked", SignalType.BOOLEAN),

	DOOR_REAR_RIGHT_LOCKED("Vehicle.Cabin.Door.Row2.PassengerSide.IsLocked", SignalType.BOOLEAN),

	/** Ignition state, one of VSS's allowed values. */
	LOW_VOLTAGE_SYSTEM_STATE("Vehicle.LowVoltageSystemState", "UNDEFINED", "LOCK", "OFF", "ACC", "ON", "START"),

	/** Up to 100 g, which a crash pulse can reach. */
	ACCELERATION_LONGITUDINAL("Vehicle.Acceleration.Longitudinal", "m/s^2", SignalType.NUMBER, -1000, 1000),

	ACCELERATION_LATERAL("Vehicle.Acceleration.Lateral", "m/s^2", SignalType.NUMBER, -1000, 1000),

	ACCELERATION_VERTICAL("Vehicle.Acceleration.Vertical", "m/s^2", SignalType.NUMBER, -1000, 1000),

	CABIN_TARGET_TEMPERATURE("Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature", "celsius", SignalType.NUMBER, -50,
			100),

	IS_HVAC_ACTIVE("Vehicle.Cabin.HVAC.IsAirConditioningActive", SignalType.BOOLEAN);

	private static final Map<String, VssSignal> BY_PATH = Arrays.stream(values())
		.collect(Collectors.toUnmodifiableMap(VssSignal::path, Function.identity()));

	private final String path;

	private final String unit;

	private final SignalType type;

	private final double min;

	private final double max;

	private final Set<String> allowed;

	VssSignal(String path, String unit, SignalType type, double min, double max) {
		this(path, unit, type, min, max, Set.of());
	}

	VssSignal(String path, SignalType type) {
		this(path, null, type, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Set.of());
	}

	VssSignal(String path, String... allowed) {
		this(path, null, SignalType.STRING, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
				new LinkedHashSet<>(List.of(allowed)));
	}

	VssSignal(String path, String unit, SignalType type, double min, double max, Set<String> allowed) {
		this.path = path;
		this.unit = unit;
		this.type = type;
		this.min = min;
		this.max = max;
		this.allowed = Collections.unmodifiableSet(allowed);
	}

	public String path() {
		return this.path;
	}

	/**
	 * The VSS unit, or {@code null} for unitless signals (booleans, enumerations).
	 * @return the unit
	 */
	public String unit() {
		return this.unit;
	}

	public SignalType type() {
		return this.type;
	}

	/**
	 * @return the smallest value allowed, for numbers; otherwise negative infinity
	 */
	public double min() {
		return this.min;
	}

	/**
	 * @return the largest value allowed, for numbers; otherwise positive infinity
	 */
	public double max() {
		return this.max;
	}

	/**
	 * @return the values a string signal may take, in VSS's order; empty when any string
	 * is allowed or the signal is no string
	 */
	public Set<String> allowed() {
		return this.allowed;
	}

	/**
	 * @param value a number sent for this signal
	 * @return whether it lies in the signal's range, bounds included
	 */
	public boolean inRange(double value) {
		return value >= this.min && value <= this.max;
	}

	/**
	 * @param value a string sent for this signal
	 * @return whether it is one of the allowed values, when the signal has any
	 */
	public boolean allows(String value) {
		return this.allowed.isEmpty() || this.allowed.contains(value);
	}

	public static Optional<VssSignal> byPath(String path) {
		return Optional.ofNullable(BY_PATH.get(path));
	}

}
