package com.opencar.car.common.topic;

/**
 * Names of the Kafka record headers of the contract.
 */
public final class RecordHeaders {

	/** The MQTT topic the record arrived on. */
	public static final String MQTT_TOPIC = "mqtt_topic";

	/** The MQTT QoS it was published with. */
	public static final String QOS = "qos";

	/** When the platform received it, ISO-8601 UTC. */
	public static final String RECEIVED_AT = "received_at";

	/** How the platform received it: {@code mqtt} or {@code http}. */
	public static final String SOURCE = "source";

	/** The payload's media type, {@code application/json}. */
	public static final String CONTENT_TYPE = "content_type";

	/** On dead letters: the machine-readable reason, a {@code PayloadViolation} name. */
	public static final String DLT_REASON = "dlt_reason";

	/** On dead letters: the human-readable detail. */
	public static final String DLT_DETAIL = "dlt_detail";

	/** On dead letters written by a consumer: which of its parts refused the record. */
	public static final String DLT_SINK = "dlt_sink";

	/**
	 * On dead letters that carry only the first part of the original bytes: the original
	 * size in bytes, a decimal number.
	 */
	public static final String DLT_ORIGINAL_SIZE = "dlt_original_size";

	private RecordHeaders() {
	}

}
