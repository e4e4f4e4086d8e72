package com.opencar.car.testsupport.benchmark;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The warm-up's stopping rule, on a simulated compiler and clock: each round takes 10 s.
 */
class JitWarmUpTests {

	private final AtomicLong compilingMillis = new AtomicLong();

	private final AtomicLong nanos = new AtomicLong();

	@Test
	void warmsUpUntilTheCompilerIsBusyLessThanTheSettledShareOfARound() {
		long[] compiledPerRound = { 15_000, 9_000, 4_000, 400, 0 };
		int[] round = { 0 };
		JitWarmUp.Result result = JitWarmUp.until(() -> tenSeconds(compiledPerRound[round[0]++]), 0.05,
				Duration.ofMinutes(10), this.compilingMillis::get, this.nanos::get);
		// 400 ms of compiling in a 10 s round: 4 %
		assertThat(result.rounds()).isEqualTo(4);
		assertThat(result.took()).isEqualTo(Duration.ofSeconds(40));
		assertThat(result.lastBusy()).isEqualTo(0.04);
		assertThat(result.settled(0.05)).isTrue();
	}

	@Test
	void stopsAtTheLimitWhenTheCompilerNeverSettles() {
		JitWarmUp.Result result = JitWarmUp.until(() -> tenSeconds(5_000), 0.05, Duration.ofSeconds(30),
				this.compilingMillis::get, this.nanos::get);
		assertThat(result.rounds()).isEqualTo(3);
		assertThat(result.lastBusy()).isEqualTo(0.5);
		assertThat(result.settled(0.05)).isFalse();
	}

	private void tenSeconds(long compiledMillis) {
		this.compilingMillis.addAndGet(compiledMillis);
		this.nanos.addAndGet(Duration.ofSeconds(10).toNanos());
	}

}
