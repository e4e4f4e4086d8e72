package com.opencar.car.common.command;

import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Identifies one command end to end: REST resource, MQTT correlation data, Kafka
 * lifecycle records. Cars deduplicate redelivered commands by it.
 *
 * @param value the UUID
 */
public record CommandId(UUID value) {

	public CommandId {
		Objects.requireNonNull(value, "value is required");
	}

	public static CommandId random() {
		return new CommandId(UUID.randomUUID());
	}

	/**
	 * Parses the textual form.
	 * @param text a UUID
	 * @return the id
	 * @throws IllegalArgumentException if the text is not a UUID
	 */
	@JsonCreator
	public static CommandId of(String text) {
		return new CommandId(UUID.fromString(text));
	}

	@Override
	@JsonValue
	public UUID value() {
		return this.value;
	}

	@Override
	public String toString() {
		return this.value.toString();
	}

}
