package com.opencar.car.common.topic;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

import com.opencar.car.common.vehicle.VehicleId;

/**
 * The per-vehicle MQTT topics of the contract: {@code vehicles/{vin}/<suffix>}.
 */
public enum MqttTopic {

	/** Car to cloud, QoS 1 (0 allowed). */
	TELEMETRY("telemetry"),

	/** Car to cloud, QoS 1. */
	EVENTS("events"),

	/** Car to cloud, retained, also the car's Last Will. */
	STATUS("status"),

	/** Cloud to car, QoS 1, with MQTT 5 response topic and correlation data. */
	COMMANDS("commands"),

	/** Car to cloud, QoS 1. */
	COMMAND_RESPONSES("command-responses");

	static final String ROOT = "vehicles";

	private final String suffix;

	MqttTopic(String suffix) {
		this.suffix = suffix;
	}

	public String suffix() {
		return this.suffix;
	}

	/**
	 * The topic of one car, for example {@code vehicles/WVWZZZ1JZXW000001/telemetry}.
	 * @param vin the car
	 * @return the topic name
	 */
	public String of(VehicleId vin) {
		return ROOT + "/" + vin.value() + "/" + this.suffix;
	}

	/**
	 * The filter matching every car, {@code vehicles/+/<suffix>}.
	 * @return the topic filter
	 */
	public String filter() {
		return ROOT + "/+/" + this.suffix;
	}

	/**
	 * An MQTT 5 shared subscription on {@link #filter()}, so a group of instances splits
	 * the load: {@code $share/<group>/vehicles/+/<suffix>}.
	 * @param group the share name
	 * @return the shared subscription filter
	 */
	public String sharedFilter(String group) {
		return "$share/" + Objects.requireNonNull(group, "group is required") + "/" + filter();
	}

	/**
	 * Reads a concrete topic name. The VIN segment is returned as it is and not
	 * validated, so the caller can report an invalid VIN with its own reason.
	 * @param topic a topic name such as {@code vehicles/X/telemetry}
	 * @return the topic and its VIN segment, or empty if it is not a contract topic
	 */
	public static Optional<VehicleTopic> parse(String topic) {
		if (topic == null) {
			return Optional.empty();
		}
		String[] levels = topic.split("/", -1);
		if (levels.length != 3 || !ROOT.equals(levels[0]) || levels[1].isEmpty()) {
			return Optional.empty();
		}
		return Arrays.stream(values())
			.filter((candidate) -> candidate.suffix.equals(levels[2]))
			.findFirst()
			.map((kind) -> new VehicleTopic(kind, levels[1]));
	}

	/**
	 * A concrete vehicle topic split into its parts.
	 *
	 * @param kind which contract topic
	 * @param vin the VIN segment, not yet validated
	 */
	public record VehicleTopic(MqttTopic kind, String vin) {

	}

}
