package com.opencar.car.simulator.load;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared load generator and its percentiles, on operations completed by a timer. */
class LoadGeneratorTests {

	private final ScheduledExecutorService completer = Executors.newScheduledThreadPool(4);

	@AfterEach
	void stop() {
		this.completer.shutdownNow();
	}

	@Test
	void percentilesAreNearestRank() {
		Latencies.Summary summary = Latencies
			.summaryOf(LongStream.rangeClosed(1, 1000).map((millis) -> millis * 1_000_000).toArray(), 3);
		assertThat(summary.count()).isEqualTo(1000);
		assertThat(summary.failed()).isEqualTo(3);
		assertThat(summary.p50()).isEqualTo(500.0);
		assertThat(summary.p95()).isEqualTo(950.0);
		assertThat(summary.p99()).isEqualTo(990.0);
		assertThat(summary.p999()).isEqualTo(999.0);
		assertThat(summary.max()).isEqualTo(1000.0);
		assertThat(summary.tail()).isEqualTo("500.0 / 990.0 / 999.0 / 1000.0");
	}

	@Test
	void neverHasMoreThanTheWindowInFlight() {
		AtomicInteger inFlight = new AtomicInteger();
		AtomicInteger most = new AtomicInteger();
		LoadGenerator.Result result = new LoadGenerator(LoadGenerator.Plan.count(200, 0, 5)).run((index) -> {
			most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
			return later(Duration.ofMillis(2)).whenComplete((done, ex) -> inFlight.decrementAndGet());
		}, Duration.ofSeconds(10));
		assertThat(most.get()).isEqualTo(5);
		assertThat(result.issued()).isEqualTo(200);
		assertThat(result.completed()).isEqualTo(200);
		assertThat(result.latencies().count()).isEqualTo(200);
		assertThat(result.latencies().p50()).isGreaterThanOrEqualTo(2.0);
	}

	@Test
	void holdsTheRate() {
		LoadGenerator.Result result = new LoadGenerator(LoadGenerator.Plan.count(100, 1000, 50))
			.run((index) -> CompletableFuture.completedFuture(null), Duration.ofSeconds(10));
		// the 100th operation is due 99 ms after the first
		assertThat(result.elapsedNanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(99));
		assertThat(result.rate()).isBetween(500.0, 1011.0);
	}

	/**
	 * A system that takes 5 ms an operation, one at a time, at a rate due every
	 * millisecond: the queue that builds up shows in the latencies, which count from when
	 * each operation was due (from its issue, every one would have taken 5 ms).
	 */
	@Test
	void atAFixedRateLatenciesCountFromWhenEachWasDue() {
		LoadGenerator.Result result = new LoadGenerator(LoadGenerator.Plan.count(40, 1000, 1))
			.run((index) -> later(Duration.ofMillis(5)), Duration.ofSeconds(10));
		assertThat(result.latencies().count()).isEqualTo(40);
		// the 40th was due at 39 ms and done after 40 × 5 ms
		assertThat(result.latencies().max()).isGreaterThanOrEqualTo(150.0);
		assertThat(result.latencies().p50()).isGreaterThan(50.0);
	}

	@Test
	void countsFailuresWhetherThrownOrCompletedExceptionally() {
		LoadGenerator.Result result = new LoadGenerator(LoadGenerator.Plan.count(30, 0, 4)).run((index) -> {
			if (index % 3 == 0) {
				throw new IllegalStateException("refused");
			}
			if (index % 3 == 1) {
				return CompletableFuture.failedFuture(new IllegalStateException("nack"));
			}
			return later(Duration.ofMillis(1));
		}, Duration.ofSeconds(10));
		assertThat(result.issued()).isEqualTo(30);
		assertThat(result.completed()).isEqualTo(30);
		assertThat(result.latencies().failed()).isEqualTo(20);
		assertThat(result.latencies().count()).isEqualTo(10);
	}

	@Test
	void aTimedPlanStopsIssuingWhenItsTimeIsUp() {
		LoadGenerator.Result result = new LoadGenerator(LoadGenerator.Plan.timed(Duration.ofMillis(300), 100, 10))
			.run((index) -> CompletableFuture.completedFuture(null), Duration.ofSeconds(10));
		// due at 0, 10, … 290 ms: 30 operations
		assertThat(result.issued()).isBetween(29L, 31L);
		assertThat(result.completed()).isEqualTo(result.issued());
	}

	private CompletableFuture<Void> later(Duration delay) {
		CompletableFuture<Void> done = new CompletableFuture<>();
		this.completer.schedule(() -> done.complete(null), delay.toNanos(), TimeUnit.NANOSECONDS);
		return done;
	}

}
