package com.opencar.car.analytics.dashboard;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.opencar.car.common.signal.VssSignal;

/**
 * A car's latest signals as people read them: a label and the VSS unit for each, grouped
 * into driving, battery and charging, cabin, and tires; signals the catalogue does not
 * know under "other", by their VSS path.
 */
final class SignalGroups {

	/** The groups, in the order the car page shows them. */
	enum Group {

		DRIVING("Driving"), BATTERY("Battery and charging"), CABIN("Cabin"), TIRES("Tires"), OTHER("Other");

		private final String title;

		Group(String title) {
			this.title = title;
		}

		String title() {
			return this.title;
		}

	}

	private static final Map<VssSignal, Display> DISPLAY = new EnumMap<>(VssSignal.class);

	static {
		show(VssSignal.SPEED, Group.DRIVING, "Speed");
		show(VssSignal.LATITUDE, Group.DRIVING, "Latitude");
		show(VssSignal.LONGITUDE, Group.DRIVING, "Longitude");
		show(VssSignal.HEADING, Group.DRIVING, "Heading");
		show(VssSignal.ODOMETER, Group.DRIVING, "Odometer");
		show(VssSignal.ACCELERATION_LONGITUDINAL, Group.DRIVING, "Acceleration, longitudinal");
		show(VssSignal.ACCELERATION_LATERAL, Group.DRIVING, "Acceleration, lateral");
		show(VssSignal.ACCELERATION_VERTICAL, Group.DRIVING, "Acceleration, vertical");
		show(VssSignal.LOW_VOLTAGE_SYSTEM_STATE, Group.DRIVING, "Ignition");
		show(VssSignal.STATE_OF_CHARGE, Group.BATTERY, "State of charge");
		show(VssSignal.RANGE, Group.BATTERY, "Range");
		show(VssSignal.IS_CHARGING, Group.BATTERY, "Charging");
		show(VssSignal.IS_CHARGING_CABLE_CONNECTED, Group.BATTERY, "Cable connected");
		show(VssSignal.CHARGE_LIMIT, Group.BATTERY, "Charge limit");
		show(VssSignal.BATTERY_TEMPERATURE, Group.BATTERY, "Battery temperature");
		show(VssSignal.COOLANT_TEMPERATURE, Group.BATTERY, "Coolant temperature");
		show(VssSignal.FUEL_LEVEL, Group.BATTERY, "Fuel level");
		show(VssSignal.IS_HVAC_ACTIVE, Group.CABIN, "Air conditioning");
		show(VssSignal.CABIN_TARGET_TEMPERATURE, Group.CABIN, "Target temperature, driver");
		show(VssSignal.DOOR_FRONT_LEFT_LOCKED, Group.CABIN, "Front left door locked");
		show(VssSignal.DOOR_FRONT_RIGHT_LOCKED, Group.CABIN, "Front right door locked");
		show(VssSignal.DOOR_REAR_LEFT_LOCKED, Group.CABIN, "Rear left door locked");
		show(VssSignal.DOOR_REAR_RIGHT_LOCKED, Group.CABIN, "Rear right door locked");
		show(VssSignal.TIRE_PRESSURE_FRONT_LEFT, Group.TIRES, "Front left");
		show(VssSignal.TIRE_PRESSURE_FRONT_RIGHT, Group.TIRES, "Front right");
		show(VssSignal.TIRE_PRESSURE_REAR_LEFT, Group.TIRES, "Rear left");
		show(VssSignal.TIRE_PRESSURE_REAR_RIGHT, Group.TIRES, "Rear right");
	}

	private SignalGroups() {
	}

	private static void show(VssSignal signal, Group group, String label) {
		DISPLAY.put(signal, new Display(group, label));
	}

	/**
	 * @return every group that has a signal, with its rows in catalogue order, then the
	 * unknown signals by path
	 */
	static List<Section> of(Map<String, Object> signals) {
		Map<Group, List<Row>> rows = new EnumMap<>(Group.class);
		for (VssSignal signal : VssSignal.values()) {
			if (signals.containsKey(signal.path())) {
				Display display = DISPLAY.get(signal);
				rows.computeIfAbsent(display.group(), (group) -> new ArrayList<>())
					.add(new Row(display.label(), signal.path(), value(signals.get(signal.path()), signal.unit())));
			}
		}
		signals.keySet()
			.stream()
			.filter((path) -> VssSignal.byPath(path).isEmpty())
			.sorted()
			.forEach((path) -> rows.computeIfAbsent(Group.OTHER, (group) -> new ArrayList<>())
				.add(new Row(path, path, value(signals.get(path), null))));
		return rows.entrySet().stream().map((group) -> new Section(group.getKey().title(), group.getValue())).toList();
	}

	/** A value with its unit as people write it: 72.5 %, 21 °C, 328.3 km, yes. */
	static String value(Object value, String unit) {
		if (value instanceof Boolean flag) {
			return flag ? "yes" : "no";
		}
		if (!(value instanceof Number number) || unit == null) {
			return String.valueOf(value);
		}
		double amount = number.doubleValue();
		return switch (unit) {
			case "percent" -> format(amount, 1) + " %";
			case "celsius" -> format(amount, 1) + " °C";
			// positions to a tenth of a metre
			case "degrees" -> format(amount, 6) + "°";
			// VSS gives the range in metres; people read it in kilometres
			case "m" -> format(amount / 1000, 1) + " km";
			default -> format(amount, 1) + " " + unit;
		};
	}

	private static String format(double amount, int decimals) {
		return BigDecimal.valueOf(amount).setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
	}

	private record Display(Group group, String label) {

	}

	/**
	 * One group on the car page.
	 *
	 * @param title its heading
	 * @param rows its signals
	 */
	record Section(String title, List<Row> rows) {

	}

	/**
	 * One signal on the car page.
	 *
	 * @param label what people call it
	 * @param path its VSS path, shown on hover
	 * @param value its value with the unit
	 */
	record Row(String label, String path, String value) {

	}

}
