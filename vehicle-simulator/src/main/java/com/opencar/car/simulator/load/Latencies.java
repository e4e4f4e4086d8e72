package com.opencar.car.simulator.load;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The durations of one run's operations, recorded from any thread; percentiles by the
 * nearest-rank method.
 */
public final class Latencies {

	private long[] nanos = new long[1024];

	private int recorded;

	private final AtomicLong failures = new AtomicLong();

	/** Records one operation's duration. */
	public synchronized void record(long durationNanos) {
		if (this.recorded == this.nanos.length) {
			this.nanos = Arrays.copyOf(this.nanos, this.nanos.length * 2);
		}
		this.nanos[this.recorded++] = durationNanos;
	}

	/** Counts an operation that did not complete. */
	public void failed() {
		this.failures.incrementAndGet();
	}

	/** Operations recorded so far. */
	public synchronized int count() {
		return this.recorded;
	}

	public long failures() {
		return this.failures.get();
	}

	/** The percentiles of what was recorded so far. */
	public Summary summary() {
		long[] copy;
		synchronized (this) {
			copy = Arrays.copyOf(this.nanos, this.recorded);
		}
		return summaryOf(copy, this.failures.get());
	}

	/** The percentiles of durations measured elsewhere. */
	public static Summary summaryOf(long[] durationNanos, long failures) {
		long[] sorted = durationNanos.clone();
		Arrays.sort(sorted);
		return new Summary(sorted.length, failures, at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99),
				at(sorted, 0.999), (sorted.length > 0) ? sorted[sorted.length - 1] / 1e6 : Double.NaN);
	}

	private static double at(long[] sorted, double quantile) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int index = (int) Math.ceil(quantile * sorted.length) - 1;
		return sorted[Math.max(0, index)] / 1e6;
	}

	/**
	 * A run's percentiles, in milliseconds.
	 *
	 * @param count the operations timed
	 * @param failed the operations that did not complete
	 * @param p50 median
	 * @param p95 95th percentile
	 * @param p99 99th percentile
	 * @param p999 99.9th percentile
	 * @param max the slowest
	 */
	public record Summary(int count, long failed, double p50, double p95, double p99, double p999, double max) {

		/** {@code p50 / p99 / p99.9 / max} with one decimal, for a Markdown cell. */
		public String tail() {
			return String.format(Locale.ROOT, "%.1f / %.1f / %.1f / %.1f", this.p50, this.p99, this.p999, this.max);
		}

	}

}
