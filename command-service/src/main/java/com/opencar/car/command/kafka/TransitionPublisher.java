package com.opencar.car.command.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.opencar.car.common.command.CommandTransitioned;
import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.command.kafka.TransitionOutbox.Pending;
import com.opencar.car.process.failure.FailureKind;
import com.opencar.car.process.progress.PathProgress;
import com.opencar.car.process.progress.StuckPaths;

/**
 * Publishes every stored transition to {@code vehicle.commands.v1}, keyed by VIN: the
 * transactional outbox pattern. A transition is committed with the state change it
 * records, so none is lost when the service dies between the two; it is marked published
 * only after Kafka acknowledged it, so a crash in between publishes it again (at least
 * once; consumers dedupe by command id and status).
 * <p>
 * One instance publishes at a time (a transaction-scoped advisory lock), in the order the
 * transitions were stored, so each command's transitions reach Kafka in order. When Kafka
 * is away the batch goes again whole; a transition Kafka refuses for good (a
 * {@linkplain FailureKind#PERMANENT permanent} failure of its record, such as one too
 * large) is marked with the reason ({@code publish_failure}) and counted
 * ({@code car.command.transitions.unpublishable}), and the others go on.
 * <p>
 * Each transition is counted here, once for the whole service whatever instance made it:
 * {@code car.command.transitions{status}} and {@code car.command.time-to-status{status}},
 * the time from the command's creation to that status.
 */
@Component
class TransitionPublisher {

	private static final Logger logger = LoggerFactory.getLogger(TransitionPublisher.class);

	private static final int BATCH = 500;

	private final TransitionOutbox outbox;

	private final TransactionTemplate transactions;

	private final KafkaTemplate<String, byte[]> kafka;

	private final VehicleJson json;

	private final MeterRegistry meters;

	private final PathProgress progress;

	TransitionPublisher(JdbcClient jdbc, TransactionTemplate transactions, KafkaTemplate<String, byte[]> kafka,
			VehicleJson json, MeterRegistry meters, StuckPaths paths) {
		this.outbox = new TransitionOutbox(jdbc);
		this.transactions = transactions;
		this.kafka = kafka;
		this.json = json;
		this.meters = meters;
		this.progress = paths.register("command-transitions");
	}

	@Scheduled(fixedDelayString = "${car.command.events.publish-interval:200ms}")
	void publishPending() {
		Integer published;
		do {
			try {
				published = this.transactions.execute((status) -> publishBatch());
			}
			catch (KafkaUnavailableException ex) {
				this.progress.waiting();
				return; // logged; the next round tries again
			}
			catch (RuntimeException ex) {
				this.progress.waiting();
				throw ex;
			}
			if (published == null || published == 0) {
				this.progress.idle();
			}
			else {
				this.progress.progressed();
			}
		}
		while (published != null && published == BATCH);
	}

	private int publishBatch() {
		if (!this.outbox.claim()) {
			return 0;
		}
		List<Pending> pending = this.outbox.pending(BATCH);
		if (pending.isEmpty()) {
			return 0;
		}
		List<CompletableFuture<?>> sends = new ArrayList<>(pending.size());
		for (Pending transition : pending) {
			CommandTransitioned event = transition.event();
			try {
				sends
					.add(this.kafka.send(KafkaTopic.COMMANDS.topicName(), event.vin().value(), this.json.write(event)));
			}
			catch (RuntimeException ex) {
				// a record the producer refuses before sending (too large) fails here
				sends.add(CompletableFuture.failedFuture(ex));
			}
		}
		try {
			CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			if (!onlyRefusedForGood(sends)) {
				// nothing is marked: the whole batch goes again next round
				logger.atWarn()
					.setMessage("Kafka did not take command transitions; retrying")
					.addKeyValue("pending", pending.size())
					.addKeyValue("failure", ex.toString())
					.log();
				throw new KafkaUnavailableException(ex);
			}
		}
		List<Long> published = new ArrayList<>(pending.size());
		for (int index = 0; index < pending.size(); index++) {
			Pending transition = pending.get(index);
			Throwable failure = failure(sends.get(index));
			if (failure == null) {
				published.add(transition.id());
				count(transition);
				continue;
			}
			String refused = NestedExceptionUtils.getMostSpecificCause(failure).toString();
			logger.atError()
				.setMessage("Kafka refused a command transition for good; it stays in the command's history only")
				.addKeyValue("command_id", transition.event().commandId().value())
				.addKeyValue("status", transition.event().status())
				.addKeyValue("failure", refused)
				.log();
			this.outbox.refused(transition.id(), refused);
			Counter.builder("car.command.transitions.unpublishable")
				.description("Command transitions Kafka refused for good, kept in PostgreSQL only")
				.register(this.meters)
				.increment();
		}
		if (!published.isEmpty()) {
			this.outbox.published(published);
		}
		return pending.size();
	}

	/**
	 * Whether every send that failed failed for its record's sake: then the others are in
	 * Kafka, and going again would only fail the same way. With any other failure the
	 * batch goes again whole, which keeps each command's transitions in order.
	 */
	private static boolean onlyRefusedForGood(List<CompletableFuture<?>> sends) {
		boolean refused = false;
		for (CompletableFuture<?> send : sends) {
			if (!send.isDone()) {
				return false;
			}
			Throwable failure = failure(send);
			if (failure != null) {
				if (FailureKind.of(failure) != FailureKind.PERMANENT) {
					return false;
				}
				refused = true;
			}
		}
		return refused;
	}

	private static Throwable failure(CompletableFuture<?> send) {
		if (!send.isCompletedExceptionally()) {
			return null;
		}
		try {
			send.join();
			return null;
		}
		catch (CompletionException | CancellationException ex) {
			return (ex.getCause() != null) ? ex.getCause() : ex;
		}
	}

	private void count(Pending transition) {
		String status = transition.event().status().name();
		Counter.builder("car.command.transitions")
			.description("Command lifecycle transitions, by the status reached")
			.tag("status", status)
			.register(this.meters)
			.increment();
		Timer.builder("car.command.time-to-status")
			.description("Time from a command's creation to the status it reached")
			.tag("status", status)
			.publishPercentileHistogram()
			.register(this.meters)
			.record(Duration.between(transition.createdAt(), transition.event().ts()));
	}

	/** Rolls the batch's transaction back; nothing was marked published. */
	private static final class KafkaUnavailableException extends RuntimeException {

		KafkaUnavailableException(Exception cause) {
			super(cause);
		}

	}

}
