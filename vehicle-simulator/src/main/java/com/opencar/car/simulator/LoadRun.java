package com.opencar.car.simulator;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load mode's run: the cars in turn publish at a fixed total rate, every message's
 * publish-to-acknowledgement time is kept, and at the end the achieved rate and the
 * percentiles are reported.
 */
final class LoadRun {

	private static final Logger log = LoggerFactory.getLogger(LoadRun.class);

	/**
	 * Messages go out in slices this often, so the rate holds without a timer per
	 * message.
	 */
	private static final long SLICE_MILLIS = 10;

	private final List<SimulatedCar> cars;

	private final SimulatorProperties.Load load;

	private final String padding;

	private final long[] latencies;

	private final AtomicInteger recorded = new AtomicInteger();

	private final AtomicLong failed = new AtomicLong();

	private final AtomicLong sent = new AtomicLong();

	private int next;

	private long started;

	private double carry;

	LoadRun(List<SimulatedCar> cars, SimulatorProperties.Load load) {
		this.cars = cars;
		this.load = load;
		// the payload's JSON without padding is about 130 bytes
		this.padding = "x".repeat((int) Math.max(0, load.payloadSize().toBytes() - 130));
		this.latencies = new long[(int) Math.min(Integer.MAX_VALUE - 8,
				(long) load.rate() * Math.max(1, load.duration().toSeconds()) + load.rate())];
	}

	/** Publishes for the configured duration, then reports. */
	void start(ScheduledExecutorService scheduler) {
		this.started = System.nanoTime();
		long until = this.started + this.load.duration().toNanos();
		ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
		task[0] = scheduler.scheduleAtFixedRate(() -> {
			if (System.nanoTime() >= until) {
				task[0].cancel(false);
				scheduler.schedule(this::report, 5, TimeUnit.SECONDS);
				return;
			}
			this.carry += this.load.rate() * SLICE_MILLIS / 1000.0;
			int count = (int) this.carry;
			this.carry -= count;
			for (int index = 0; index < count; index++) {
				publish();
			}
		}, 0, SLICE_MILLIS, TimeUnit.MILLISECONDS);
	}

	private void publish() {
		SimulatedCar car = this.cars.get(this.next++ % this.cars.size());
		long sentAt = System.nanoTime();
		this.sent.incrementAndGet();
		car.publishLoad(this.padding).whenComplete((result, ex) -> {
			if (ex != null) {
				this.failed.incrementAndGet();
				return;
			}
			int slot = this.recorded.getAndIncrement();
			if (slot < this.latencies.length) {
				this.latencies[slot] = System.nanoTime() - sentAt;
			}
		});
	}

	/** The run's figures, also logged. */
	String report() {
		double seconds = this.load.duration().toNanos() / 1e9;
		int count = Math.min(this.recorded.get(), this.latencies.length);
		long[] sorted = Arrays.copyOf(this.latencies, count);
		Arrays.sort(sorted);
		String report = String.format(Locale.ROOT,
				"load: %d cars, target %d msg/s for %.0f s, payload %d B: sent %d, acknowledged %d (%.0f msg/s), "
						+ "failed %d; publish→ack p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms",
				this.cars.size(), this.load.rate(), seconds, this.load.payloadSize().toBytes(), this.sent.get(), count,
				count / seconds, this.failed.get(), at(sorted, 0.50), at(sorted, 0.99), at(sorted, 0.999),
				(count > 0) ? sorted[count - 1] / 1e6 : 0);
		log.info(report);
		return report;
	}

	private static double at(long[] sorted, double quantile) {
		if (sorted.length == 0) {
			return 0;
		}
		int index = (int) Math.ceil(quantile * sorted.length) - 1;
		return sorted[Math.max(0, index)] / 1e6;
	}

}
