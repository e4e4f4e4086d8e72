package com.opencar.car.simulator.load;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

/**
 * Issues asynchronous operations (an MQTT publish, an HTTP request, a Kafka send) at a
 * fixed rate, or as fast as the window of operations in flight allows. At a fixed rate
 * each is timed from the moment it was due to its completion, so the time it waited for a
 * full window or a late generator counts (timed from its issue instead, a system that
 * falls behind would hide its queue: coordinated omission); flat out, from its issue. One
 * thread issues; the operations complete on their clients' threads. When the window is
 * full the generator waits, so a system that cannot keep up shows as a lower achieved
 * rate and as latencies that grow, not as an unbounded queue in the generator.
 */
public final class LoadGenerator {

	private final Plan plan;

	private final Latencies latencies = new Latencies();

	private final AtomicLong issued = new AtomicLong();

	private final AtomicLong completed = new AtomicLong();

	private final AtomicLong lastCompletion = new AtomicLong();

	private volatile long started;

	public LoadGenerator(Plan plan) {
		this.plan = plan;
	}

	/**
	 * Runs the plan, waiting up to {@code drain} after the last operation was issued for
	 * the outstanding ones.
	 * @param operation issues operation number {@code index} (from 0) and completes when
	 * it is done; completing exceptionally (or throwing) counts as a failure
	 * @param drain how long to wait for operations still in flight at the end
	 * @return the run's figures
	 */
	public Result run(LongFunction<? extends CompletionStage<?>> operation, Duration drain) {
		Semaphore window = new Semaphore(this.plan.inFlight());
		this.started = System.nanoTime();
		long deadline = (this.plan.duration() != null) ? this.started + this.plan.duration().toNanos() : Long.MAX_VALUE;
		for (long index = 0; index < this.plan.operations(); index++) {
			long due = 0;
			if (this.plan.rate() > 0) {
				due = dueNanos(index);
				long wait = due - System.nanoTime();
				if (wait > 0) {
					LockSupport.parkNanos(wait);
				}
			}
			if (System.nanoTime() >= deadline) {
				break;
			}
			window.acquireUninterruptibly();
			long issuedAt = (this.plan.rate() > 0) ? due : System.nanoTime();
			this.issued.incrementAndGet();
			try {
				operation.apply(index).whenComplete((result, failure) -> {
					long now = System.nanoTime();
					if (failure != null) {
						this.latencies.failed();
					}
					else {
						this.latencies.record(now - issuedAt);
					}
					this.lastCompletion.accumulateAndGet(now, Math::max);
					this.completed.incrementAndGet();
					window.release();
				});
			}
			catch (RuntimeException ex) {
				this.latencies.failed();
				this.completed.incrementAndGet();
				window.release();
			}
		}
		// every permit back means nothing is in flight any more
		try {
			if (window.tryAcquire(this.plan.inFlight(), drain.toNanos(), TimeUnit.NANOSECONDS)) {
				window.release(this.plan.inFlight());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return result();
	}

	/**
	 * @param index an operation's number, from 0
	 * @return when it was due, in {@link System#nanoTime()}, at a fixed rate; at no rate
	 * (flat out) the time of the call, when the operation is being issued
	 */
	public long dueNanos(long index) {
		return (this.plan.rate() > 0) ? this.started + index * 1_000_000_000L / this.plan.rate() : System.nanoTime();
	}

	/** The figures so far (final once {@link #run} has returned). */
	public Result result() {
		long start = this.started;
		long last = this.lastCompletion.get();
		return new Result(this.plan, this.issued.get(), this.completed.get(), start, (last > start) ? last - start : 0,
				this.latencies.summary());
	}

	/**
	 * What to run.
	 *
	 * @param operations how many operations at most
	 * @param duration how long to keep issuing at most, or {@code null} for no limit
	 * @param rate operations per second, or 0 for as fast as the window allows
	 * @param inFlight how many operations may be outstanding at once
	 */
	public record Plan(long operations, Duration duration, int rate, int inFlight) {

		public Plan {
			if (operations <= 0 && duration == null) {
				throw new IllegalArgumentException("a plan needs a number of operations or a duration");
			}
			if (inFlight < 1 || rate < 0) {
				throw new IllegalArgumentException("in-flight must be at least 1 and the rate not negative");
			}
		}

		/** A fixed number of operations. */
		public static Plan count(long operations, int rate, int inFlight) {
			return new Plan(operations, null, rate, inFlight);
		}

		/** Operations for a while. */
		public static Plan timed(Duration duration, int rate, int inFlight) {
			return new Plan(Long.MAX_VALUE, duration, rate, inFlight);
		}

	}

	/**
	 * A run's figures.
	 *
	 * @param plan what was asked for
	 * @param issued operations issued
	 * @param completed operations that completed, successfully or not
	 * @param startedNanos {@link System#nanoTime()} when the first was issued
	 * @param elapsedNanos from the first issued to the last completed
	 * @param latencies percentiles from when each was due (at a fixed rate) or issued
	 * (flat out) to its completion, and failures
	 */
	public record Result(Plan plan, long issued, long completed, long startedNanos, long elapsedNanos,
			Latencies.Summary latencies) {

		/**
		 * Successful operations per second, from the first issued to the last completed.
		 */
		public double rate() {
			return (this.elapsedNanos > 0) ? this.latencies.count() / (this.elapsedNanos / 1e9) : 0;
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT,
					"issued %d, completed %d (%d failed), %.0f/s; p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, "
							+ "p99.9 %.1f ms, max %.1f ms",
					this.issued, this.completed, this.latencies.failed(), rate(), this.latencies.p50(),
					this.latencies.p95(), this.latencies.p99(), this.latencies.p999(), this.latencies.max());
		}

	}

}
