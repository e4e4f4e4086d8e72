package com.opencar.car.store;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the telemetry store, under {@code car.store}.
 *
 * @param mongo the raw document store
 */
@ConfigurationProperties("car.store")
public record StoreProperties(@DefaultValue Mongo mongo) {

	/**
	 * @param rawCollection the collection of raw telemetry documents
	 * @param retention how long raw documents are kept (a TTL index; the embedded
	 * emulator accepts but never enforces it)
	 */
	public record Mongo(@DefaultValue("telemetry_raw") String rawCollection, @DefaultValue("30d") Duration retention) {

	}

}
