package com.opencar.car.store;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the telemetry store, under {@code car.store}.
 *
 * @param postgres the time series and latest state
 * @param mongo the raw document store
 * @param sink how records are consumed
 */
@ConfigurationProperties("car.store")
public record StoreProperties(@DefaultValue Postgres postgres, @DefaultValue Mongo mongo, @DefaultValue Sink sink) {

	/**
	 * @param retention how long telemetry rows are kept; whole daily partitions older
	 * than this are dropped
	 * @param partitionsAhead how many daily partitions exist beyond today
	 * @param maintenanceInterval how often partitions are created and dropped
	 */
	public record Postgres(@DefaultValue("30d") Duration retention, @DefaultValue("3") int partitionsAhead,
			@DefaultValue("1h") Duration maintenanceInterval) {

	}

	/**
	 * @param rawCollection the collection of raw telemetry documents
	 * @param retention how long raw documents are kept (a TTL index; the embedded
	 * emulator accepts but never enforces it)
	 */
	public record Mongo(@DefaultValue("telemetry_raw") String rawCollection, @DefaultValue("30d") Duration retention) {

	}

	/**
	 * @param concurrency consumers per sink and instance (at most the topic's partitions
	 * are busy across all instances)
	 * @param poisonAttempts how often a record the database rejects is tried before it is
	 * dead-lettered
	 * @param retryInitialInterval first wait before a batch is retried while a database
	 * is unavailable
	 * @param retryMaxInterval longest wait between those retries (they never give up)
	 */
	public record Sink(@DefaultValue("2") int concurrency, @DefaultValue("3") int poisonAttempts,
			@DefaultValue("500ms") Duration retryInitialInterval, @DefaultValue("30s") Duration retryMaxInterval) {

	}

}
