package com.opencar.car.process.progress;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The service's consuming and publishing paths, and a health indicator ({@code paths})
 * that is DOWN, naming the path, while one of them has had work waiting without progress
 * for longer than {@code car.paths.stuck-after}. A stuck worker must not sit behind a
 * green probe: the indicator belongs to the liveness group, so the orchestrator restarts
 * the process (whatever waits is unacknowledged and comes back to the new one).
 * <p>
 * Each path has the gauge {@code car.path.stalled{path}}, seconds of waiting without
 * progress, and the counter {@code car.path.stuck{path}}, the times it was found stuck.
 */
public final class StuckPaths implements HealthIndicator {

	private static final Logger logger = LoggerFactory.getLogger(StuckPaths.class);

	private final Duration stuckAfter;

	private final MeterRegistry meters;

	private final LongSupplier nanoTime;

	private final Map<String, PathProgress> paths = new ConcurrentSkipListMap<>();

	/** Paths found stuck at the last look, to count and log each time one becomes so. */
	private final Set<String> stuck = ConcurrentHashMap.newKeySet();

	/**
	 * @param stuckAfter how long work may wait without progress
	 * @param meters where the gauges and counters go
	 */
	public StuckPaths(Duration stuckAfter, MeterRegistry meters) {
		this(stuckAfter, meters, System::nanoTime);
	}

	StuckPaths(Duration stuckAfter, MeterRegistry meters, LongSupplier nanoTime) {
		this.stuckAfter = stuckAfter;
		this.meters = meters;
		this.nanoTime = nanoTime;
	}

	/**
	 * @param path a name for the path, such as {@code command-responses-0}
	 * @return where the path reports its progress; the same one for the same name
	 */
	public PathProgress register(String path) {
		PathProgress known = this.paths.get(path);
		if (known != null) {
			return known;
		}
		// putIfAbsent, not computeIfAbsent: a skip-list map may run the latter's function
		// twice, and the gauge must watch the instance that is kept
		PathProgress progress = new PathProgress(path, this.nanoTime);
		PathProgress first = this.paths.putIfAbsent(path, progress);
		if (first != null) {
			return first;
		}
		Gauge.builder("car.path.stalled", progress, (watched) -> seconds(watched.stalledFor()))
			.description("Seconds the path has had work waiting without progress")
			.tag("path", path)
			.baseUnit("seconds")
			.register(this.meters);
		return progress;
	}

	@Override
	public Health health() {
		Map<String, Object> details = new LinkedHashMap<>();
		boolean down = false;
		for (PathProgress path : this.paths.values()) {
			Duration stalled = path.stalledFor();
			boolean isStuck = stalled.compareTo(this.stuckAfter) > 0;
			if (isStuck) {
				down = true;
				details.put(path.path(), "stuck: work has waited " + stalled.toSeconds() + " s without progress");
				if (this.stuck.add(path.path())) {
					Counter.builder("car.path.stuck")
						.description("Times the path was found with work waiting and no progress for too long")
						.tag("path", path.path())
						.register(this.meters)
						.increment();
					logger.atError()
						.setMessage("A path has had work waiting without progress for too long; health is DOWN")
						.addKeyValue("path", path.path())
						.addKeyValue("stalled_s", stalled.toSeconds())
						.log();
				}
			}
			else {
				details.put(path.path(), stalled.isZero() ? "idle" : "progressing");
				if (this.stuck.remove(path.path())) {
					logger.atInfo().setMessage("A stuck path progresses again").addKeyValue("path", path.path()).log();
				}
			}
		}
		return (down ? Health.down() : Health.up()).withDetails(details)
			.withDetail("stuckAfter", this.stuckAfter.toString())
			.build();
	}

	private static double seconds(Duration duration) {
		return duration.toNanos() / 1e9;
	}

}
