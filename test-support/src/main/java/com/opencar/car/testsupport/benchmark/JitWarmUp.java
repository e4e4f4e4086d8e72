package com.opencar.car.testsupport.benchmark;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Warms a benchmark's JVM up until the JIT compiler has settled, as a long-running
 * service is: a benchmark that measures while the compiler still works measures the
 * compiler. A whole platform in one JVM (brokers, clients, the service) is a lot of code;
 * after 10,000 commands the command benchmark's compiler still took a third to half of a
 * core, most of it compiling the same paths again at the top tier.
 * <p>
 * Runs warm-up rounds until the compiler was busy less than a given share of a round's
 * time, or the time limit passed, and prints each round.
 */
public final class JitWarmUp {

	private JitWarmUp() {
	}

	/**
	 * @param round one round of the benchmark's load, not measured
	 * @param settled the share of a round's time (0–1) the compiler may still be busy
	 * @param limit when to stop warming up anyway
	 * @return how the warm-up went
	 */
	public static Result until(Runnable round, double settled, Duration limit) {
		CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
		if (compiler == null || !compiler.isCompilationTimeMonitoringSupported()) {
			round.run();
			return new Result(1, Duration.ZERO, Double.NaN);
		}
		return until(round, settled, limit, compiler::getTotalCompilationTime, System::nanoTime);
	}

	/**
	 * @param compilingMillis the compiler's busy time so far, summed over its threads
	 * @param nanoTime the time in nanoseconds
	 */
	static Result until(Runnable round, double settled, Duration limit, LongSupplier compilingMillis,
			LongSupplier nanoTime) {
		long started = nanoTime.getAsLong();
		int rounds = 0;
		double busy;
		do {
			long roundStarted = nanoTime.getAsLong();
			long compiling = compilingMillis.getAsLong();
			round.run();
			rounds++;
			long took = nanoTime.getAsLong() - roundStarted;
			busy = (compilingMillis.getAsLong() - compiling) * 1e6 / took;
			System.out.printf("warm-up round %d: %.1f s, JIT compiler busy %.0f %% of it%n", rounds, took / 1e9,
					busy * 100);
		}
		while (busy > settled && nanoTime.getAsLong() - started < limit.toNanos());
		return new Result(rounds, Duration.ofNanos(nanoTime.getAsLong() - started), busy);
	}

	/**
	 * @param rounds warm-up rounds run
	 * @param took how long they took
	 * @param lastBusy the share of the last round's time the compiler was busy
	 */
	public record Result(int rounds, Duration took, double lastBusy) {

		public boolean settled(double settled) {
			return this.lastBusy <= settled;
		}

	}

}
