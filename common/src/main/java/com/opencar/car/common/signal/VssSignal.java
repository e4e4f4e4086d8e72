package com.opencar.car.common.signal;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The VSS (4.x) signals the platform interprets, each with its unit as VSS names it. The
 * path is the key used in telemetry {@code signals}.
 */
public enum VssSignal {

	SPEED("Vehicle.Speed", "km/h", SignalType.NUMBER),

	LATITUDE("Vehicle.CurrentLocation.Latitude", "degrees", SignalType.NUMBER),

	LONGITUDE("Vehicle.CurrentLocation.Longitude", "degrees", SignalType.NUMBER),

	HEADING("Vehicle.CurrentLocation.Heading", "degrees", SignalType.NUMBER),

	ODOMETER("Vehicle.TraveledDistance", "km", SignalType.NUMBER),

	STATE_OF_CHARGE("Vehicle.Powertrain.TractionBattery.StateOfCharge.Current", "percent", SignalType.NUMBER),

	IS_CHARGING("Vehicle.Powertrain.TractionBattery.Charging.IsCharging", null, SignalType.BOOLEAN),

	IS_CHARGING_CABLE_CONNECTED("Vehicle.Powertrain.TractionBattery.Charging.IsChargingCableConnected", null,
			SignalType.BOOLEAN),

	CHARGE_LIMIT("Vehicle.Powertrain.TractionBattery.Charging.ChargeLimit", "percent", SignalType.NUMBER),

	RANGE("Vehicle.Powertrain.Range", "m", SignalType.NUMBER),

	BATTERY_TEMPERATURE("Vehicle.Powertrain.TractionBattery.Temperature.Average", "celsius", SignalType.NUMBER),

	COOLANT_TEMPERATURE("Vehicle.Powertrain.CombustionEngine.ECT", "celsius", SignalType.NUMBER),

	FUEL_LEVEL("Vehicle.Powertrain.FuelSystem.RelativeLevel", "percent", SignalType.NUMBER),

	TIRE_PRESSURE_FRONT_LEFT("Vehicle.Chassis.Axle.Row1.Wheel.Left.Tire.Pressure", "kPa", SignalType.NUMBER),

	TIRE_PRESSURE_FRONT_RIGHT("Vehicle.Chassis.Axle.Row1.Wheel.Right.Tire.Pressure", "kPa", SignalType.NUMBER),

	TIRE_PRESSURE_REAR_LEFT("Vehicle.Chassis.Axle.Row2.Wheel.Left.Tire.Pressure", "kPa", SignalType.NUMBER),

	TIRE_PRESSURE_REAR_RIGHT("Vehicle.Chassis.Axle.Row2.Wheel.Right.Tire.Pressure", "kPa", SignalType.NUMBER),

	DOOR_FRONT_LEFT_LOCKED("Vehicle.Cabin.Door.Row1.DriverSide.IsLocked", null, SignalType.BOOLEAN),

	DOOR_FRONT_RIGHT_LOCKED("Vehicle.Cabin.Door.Row1.PassengerSide.IsLocked", null, SignalType.BOOLEAN),

	DOOR_REAR_LEFT_LOCKED("Vehicle.Cabin.Door.Row2.DriverSide.IsLocked", null, SignalType.BOOLEAN),

	DOOR_REAR_RIGHT_LOCKED("Vehicle.Cabin.Door.Row2.PassengerSide.IsLocked", null, SignalType.BOOLEAN),

	/** Ignition state: UNDEFINED, LOCK, OFF, ACC, ON or START. */
	LOW_VOLTAGE_SYSTEM_STATE("Vehicle.LowVoltageSystemState", null, SignalType.STRING),

	ACCELERATION_LONGITUDINAL("Vehicle.Acceleration.Longitudinal", "m/s^2", SignalType.NUMBER),

	ACCELERATION_LATERAL("Vehicle.Acceleration.Lateral", "m/s^2", SignalType.NUMBER),

	ACCELERATION_VERTICAL("Vehicle.Acceleration.Vertical", "m/s^2", SignalType.NUMBER),

	CABIN_TARGET_TEMPERATURE("Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature", "celsius", SignalType.NUMBER),

	IS_HVAC_ACTIVE("Vehicle.Cabin.HVAC.IsAirConditioningActive", null, SignalType.BOOLEAN);

	private static final Map<String, VssSignal> BY_PATH = Arrays.stream(values())
		.collect(Collectors.toUnmodifiableMap(VssSignal::path, Function.identity()));

	private final String path;

	private final String unit;

	private final SignalType type;

	VssSignal(String path, String unit, SignalType type) {
		this.path = path;
		this.unit = unit;
		this.type = type;
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

	public static Optional<VssSignal> byPath(String path) {
		return Optional.ofNullable(BY_PATH.get(path));
	}

}
