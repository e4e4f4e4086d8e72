package com.opencar.car.ingest.pipeline;

import java.time.Instant;

/**
 * A message as it arrived, before validation.
 *
 * @param topic the MQTT topic it was published on (for HTTP, the topic it stands for)
 * @param payload the original bytes
 * @param qos the MQTT QoS, or -1 for HTTP
 * @param receivedAt when the service received it
 * @param source MQTT or HTTP
 * @param traceParent the W3C trace context it came with (an MQTT 5 user property, or the
 * HTTP request's), or {@code null}
 */
public record IncomingMessage(String topic, byte[] payload, int qos, Instant receivedAt, Source source,
		String traceParent) {

}
