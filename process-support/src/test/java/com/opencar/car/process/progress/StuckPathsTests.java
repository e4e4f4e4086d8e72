package com.opencar.car.process.progress;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

class StuckPathsTests {

	private final AtomicLong now = new AtomicLong();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final StuckPaths paths = new StuckPaths(Duration.ofMinutes(1), this.meters, this.now::get);

	@Test
	void isDownNamingThePathWhileWorkWaitsWithoutProgressForTooLong() {
		PathProgress answers = this.paths.register("answers");
		PathProgress outbox = this.paths.register("outbox");
		answers.waiting();
		outbox.waiting();
		advance(Duration.ofSeconds(50));
		outbox.progressed();
		advance(Duration.ofSeconds(11));
		Health health = this.paths.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("answers", "stuck: work has waited 61 s without progress")
			.containsEntry("outbox", "progressing");
		assertThat(stalled("answers")).isEqualTo(61.0);
		assertThat(stalled("outbox")).isEqualTo(11.0);
		// counted once per time it became stuck, however often health is asked
		this.paths.health();
		assertThat(this.meters.get("car.path.stuck").tag("path", "answers").counter().count()).isOne();
		assertThat(this.meters.find("car.path.stuck").tag("path", "outbox").counter()).isNull();
	}

	@Test
	void isUpAgainOnceTheStuckPathProgressesOrHasNothingToDo() {
		PathProgress answers = this.paths.register("answers");
		answers.waiting();
		advance(Duration.ofMinutes(2));
		assertThat(this.paths.health().getStatus()).isEqualTo(Status.DOWN);
		answers.progressed();
		assertThat(this.paths.health().getStatus()).isEqualTo(Status.UP);
		advance(Duration.ofMinutes(2));
		assertThat(this.paths.health().getStatus()).isEqualTo(Status.DOWN);
		answers.idle();
		assertThat(this.paths.health().getStatus()).isEqualTo(Status.UP);
		assertThat(this.paths.health().getDetails()).containsEntry("answers", "idle");
		assertThat(this.meters.get("car.path.stuck").tag("path", "answers").counter().count()).isEqualTo(2);
	}

	@Test
	void startsTheClockWhenWorkBeginsToWaitNotAtTheLastProgress() {
		PathProgress answers = this.paths.register("answers");
		answers.progressed();
		answers.idle();
		advance(Duration.ofMinutes(10));
		answers.waiting();
		advance(Duration.ofSeconds(30));
		// waiting again while it waits does not restart the clock
		answers.waiting();
		advance(Duration.ofSeconds(20));
		assertThat(this.paths.health().getStatus()).isEqualTo(Status.UP);
		assertThat(stalled("answers")).isEqualTo(50.0);
		assertThat(this.paths.register("answers")).isSameAs(answers);
	}

	private double stalled(String path) {
		return this.meters.get("car.path.stalled").tag("path", path).gauge().value();
	}

	private void advance(Duration duration) {
		this.now.addAndGet(duration.toNanos());
	}

}
