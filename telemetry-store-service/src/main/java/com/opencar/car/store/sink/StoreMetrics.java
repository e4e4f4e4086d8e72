package com.opencar.car.store.sink;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

import com.opencar.car.process.progress.PathProgress;
import com.opencar.car.process.progress.StuckPaths;

/**
 * The store's meters, tagged by sink ({@code postgres-telemetry}, {@code mongo-raw}, …),
 * and each sink's progress for the health check that finds a stuck one.
 */
@Component
public class StoreMetrics {

	private final MeterRegistry registry;

	private final StuckPaths paths;

	StoreMetrics(MeterRegistry registry, StuckPaths paths) {
		this.registry = registry;
		this.paths = paths;
	}

	/**
	 * @param sink the sink
	 * @return the progress of the sink on the calling consumer thread (a sink may consume
	 * on several)
	 */
	PathProgress progress(String sink) {
		return this.paths.register(sink + "@" + Thread.currentThread().getName());
	}

	/**
	 * @param sink the sink
	 * @param records how many records a batch write stored (duplicates included)
	 * @param nanos how long the write took
	 */
	public void written(String sink, int records, long nanos) {
		Counter.builder("car.store.records.written")
			.description("Records written by a sink (redelivered duplicates included)")
			.tag("sink", sink)
			.register(this.registry)
			.increment(records);
		Timer.builder("car.store.batch.write")
			.description("Time to write one batch, commit included")
			.tag("sink", sink)
			.publishPercentileHistogram()
			.register(this.registry)
			.record(nanos, TimeUnit.NANOSECONDS);
	}

	public void deadLettered(String sink, String reason) {
		Counter.builder("car.store.records.dead-lettered")
			.description("Records sent to the dead-letter topic, by reason")
			.tag("sink", sink)
			.tag("reason", reason)
			.register(this.registry)
			.increment();
	}

	/**
	 * @param sink the sink
	 * @param records telemetry older than the retention period, not stored
	 */
	public void expired(String sink, int records) {
		Counter.builder("car.store.records.expired")
			.description("Records older than the retention period, skipped")
			.tag("sink", sink)
			.register(this.registry)
			.increment(records);
	}

}
