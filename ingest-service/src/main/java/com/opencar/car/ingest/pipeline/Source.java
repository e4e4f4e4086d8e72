package com.opencar.car.ingest.pipeline;

/**
 * How a message reached the service.
 */
public enum Source {

	MQTT, HTTP

}
