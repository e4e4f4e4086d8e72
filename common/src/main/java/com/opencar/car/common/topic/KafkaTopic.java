package com.opencar.car.common.topic;

/**
 * The Kafka topics of the contract. Every record is keyed by VIN, so each car's records
 * stay in order on one partition.
 */
public enum KafkaTopic {

	TELEMETRY(Names.TELEMETRY),

	EVENTS(Names.EVENTS),

	CONNECTIVITY(Names.CONNECTIVITY),

	COMMANDS(Names.COMMANDS),

	ALERTS(Names.ALERTS),

	/** Compacted: the latest registration of each vehicle; a null value never occurs. */
	REGISTRY(Names.REGISTRY);

	private static final String DEAD_LETTER_SUFFIX = ".dlt";

	private final String topicName;

	KafkaTopic(String topicName) {
		this.topicName = topicName;
	}

	public String topicName() {
		return this.topicName;
	}

	/**
	 * Where records rejected on their way to this topic go, with the original bytes.
	 * @return the dead-letter topic name
	 */
	public String deadLetterTopicName() {
		return deadLetterOf(this.topicName);
	}

	public static String deadLetterOf(String topicName) {
		return topicName + DEAD_LETTER_SUFFIX;
	}

	/**
	 * The names as compile-time constants, for annotations such as
	 * {@code @KafkaListener(topics = KafkaTopic.Names.TELEMETRY)}.
	 */
	public static final class Names {

		public static final String TELEMETRY = "vehicle.telemetry.v1";

		public static final String EVENTS = "vehicle.events.v1";

		public static final String CONNECTIVITY = "vehicle.connectivity.v1";

		public static final String COMMANDS = "vehicle.commands.v1";

		public static final String ALERTS = "vehicle.alerts.v1";

		public static final String REGISTRY = "vehicle.registry.v1";

		private Names() {
		}

	}

}
