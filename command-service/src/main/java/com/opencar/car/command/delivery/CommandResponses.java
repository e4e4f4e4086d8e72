package com.opencar.car.command.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.integration.StaticMessageHeaderAccessor;
import org.springframework.integration.acks.SimpleAcknowledgment;
import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.Message;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.opencar.car.command.CommandProperties;
import com.opencar.car.common.command.CommandResponse;
import com.opencar.car.common.command.CommandStatus;
import com.opencar.car.common.json.InvalidPayloadException;
import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.topic.MqttTopic;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.process.failure.TransientRetry;
import com.opencar.car.process.progress.PathProgress;
import com.opencar.car.process.progress.StuckPaths;
import com.opencar.car.process.tracing.MessageTracing;

/**
 * Applies the cars' answers from {@code vehicles/{vin}/command-responses}: RECEIVED makes
 * a SENT command DELIVERED; SUCCEEDED, FAILED or REJECTED finish it. An answer that names
 * an unknown command or another car's, or comes too late, is ignored; one that is
 * malformed, or that the database refuses for good, is rejected; each is logged and
 * counted ({@code car.command.responses{result,reason}}), and every answer is
 * acknowledged to the broker once handled, so that none holds the others up.
 * <p>
 * Answers are queued as they arrive, by car, and each car's are applied by one of
 * {@code answer-workers} threads, all that waited at once (up to {@code answer-batch}) in
 * one statement per round, a command's second answer in the round after its first: under
 * load the batches grow and each answer costs less, where one statement each let answers
 * queue for longer than the acknowledgement timeout and commands went out again. Several
 * workers, because one, among the many threads taking API requests, got too small a share
 * of a busy machine's CPU: flat out, answers queued by the ten thousand and commands went
 * out again. A car's answers, and so each command's, stay in one queue and in order. Why
 * the set-based change refused an answer is read for the round in one query; only an
 * answer that may still apply goes through the aggregate. If the database fails for a
 * while, the step that failed is tried again with a back-off until it goes through
 * ({@link TransientRetry}); unacknowledged answers are the broker's to deliver again
 * after a restart.
 */
@Component
class CommandResponses implements SmartLifecycle, DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(CommandResponses.class);

	/**
	 * A queue per worker; a car's answers always go to the same one. Not Spring
	 * Integration's {@code PartitionedChannel} (used before): it hands its threads one
	 * message at a time, and a worker takes all that waited.
	 */
	private final List<BlockingQueue<Message<byte[]>>> received;

	private final VehicleJson json;

	private final CommandDeliveries deliveries;

	private final CommandStore store;

	private final TransactionTemplate transactions;

	private final MeterRegistry meters;

	private final Clock clock;

	private final int batch;

	private final TransientRetry retry;

	private final MessageTracing tracing;

	/**
	 * How long a stop goes on applying answers: it runs inside the grace period, after
	 * the adapter's own wait.
	 */
	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

	private volatile boolean running;

	/** While stopping: until when queued answers are still applied. */
	private volatile long stopDeadline;

	/** One thread per queue, for the service's life. */
	private final ThreadPoolTaskExecutor workers = new ThreadPoolTaskExecutor();

	private final List<Future<?>> working = new ArrayList<>();

	/** Per worker: answers waiting without progress make the service's health DOWN. */
	private final List<PathProgress> progress;

	CommandResponses(VehicleJson json, CommandDeliveries deliveries, CommandStore store,
			TransactionTemplate transactions, MeterRegistry meters, CommandProperties properties, Optional<Clock> clock,
			StuckPaths paths, MessageTracing tracing) {
		this.tracing = tracing;
		this.json = json;
		this.deliveries = deliveries;
		this.store = store;
		this.transactions = transactions;
		this.meters = meters;
		this.received = Stream.generate(LinkedBlockingQueue<Message<byte[]>>::new)
			.limit(properties.delivery().answerWorkers())
			.collect(Collectors.toUnmodifiableList());
		Gauge
			.builder("car.command.responses.waiting", this.received,
					(queues) -> queues.stream().mapToInt(Collection::size).sum())
			.description("Answers from cars received and not yet applied")
			.register(meters);
		this.batch = properties.delivery().answerBatch();
		this.clock = clock.orElse(Clock.systemUTC());
		this.retry = new TransientRetry("command-responses", meters, () -> this.running);
		this.progress = IntStream.range(0, this.received.size())
			.mapToObj((index) -> paths.register("command-responses-" + (index + 1)))
			.toList();
		this.workers.setCorePoolSize(this.received.size());
		this.workers.setMaxPoolSize(this.received.size());
		this.workers.setQueueCapacity(0);
		this.workers.setThreadNamePrefix("command-responses-");
		// stop() has waited for the workers already; what is left is interrupted, not
		// waited for a second time
		this.workers.setWaitForTasksToCompleteOnShutdown(false);
		this.workers.initialize();
	}

	/**
	 * Queues an answer as it arrives from the broker.
	 * @param message the answer, with its topic and acknowledgement
	 */
	public void receive(Message<byte[]> message) {
		String topic = message.getHeaders().get(MqttHeaders.RECEIVED_TOPIC, String.class);
		this.received.get(queueOf(topic, this.received.size())).add(message);
	}

	/**
	 * @return the queue for answers on the topic: always the same for a car
	 */
	static int queueOf(String topic, int queues) {
		return Math.floorMod(Objects.hashCode(topic), queues);
	}

	private void work(BlockingQueue<Message<byte[]>> queue, PathProgress progress) {
		List<Message<byte[]>> answers = new ArrayList<>(this.batch);
		// once stopping, what is queued is applied until the stop's deadline; what is
		// left
		// then stays unacknowledged, and the broker sends it again
		while (this.running || (!queue.isEmpty() && System.nanoTime() < this.stopDeadline)) {
			try {
				Message<byte[]> first = queue.poll(100, TimeUnit.MILLISECONDS);
				if (first == null) {
					progress.idle();
					continue;
				}
				progress.waiting();
				answers.add(first);
				queue.drainTo(answers, this.batch - 1);
				applyUntilDone(answers);
				answers.clear();
				progress.progressed();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private void applyUntilDone(List<Message<byte[]>> messages) {
		try {
			rounds(read(messages)).forEach(this::apply);
		}
		catch (CancellationException ex) {
			// stopping: what is left is unacknowledged, and the broker delivers it again
		}
	}

	/** Reads each answer; a malformed one is counted and acknowledged here. */
	private List<Answer> read(List<Message<byte[]>> messages) {
		List<Answer> answers = new ArrayList<>(messages.size());
		for (Message<byte[]> message : messages) {
			String topic = message.getHeaders().get(MqttHeaders.RECEIVED_TOPIC, String.class);
			try {
				CommandResponse response = this.json.readCommandResponse(message.getPayload());
				// the car answers with the publish's trace context: the answer joins the
				// command's trace
				Span span = this.tracing.start("command answer",
						message.getHeaders().get(MessageTracing.TRACEPARENT, String.class));
				if (span != null) {
					span.tag("command.id", response.commandId().value().toString())
						.tag("command.answer", response.status().name());
				}
				answers.add(new Answer(message, topic, response, target(response), carOf(topic), span));
			}
			catch (InvalidPayloadException ex) {
				count(Outcome.MALFORMED);
				logger.atWarn()
					.setMessage("Ignored a malformed command response")
					.addKeyValue("mqtt_topic", topic)
					.addKeyValue("reason", ex.violation())
					.addKeyValue("detail", ex.detail())
					.log();
				acknowledge(message);
			}
		}
		return answers;
	}

	/**
	 * Round k holds each command's k-th answer of the batch, so a command's answers apply
	 * in the order they came.
	 */
	private static List<List<Answer>> rounds(List<Answer> answers) {
		List<List<Answer>> rounds = new ArrayList<>();
		Map<UUID, Integer> seen = new HashMap<>();
		for (Answer answer : answers) {
			int round = seen.merge(answer.response().commandId().value(), 1, Integer::sum) - 1;
			if (round == rounds.size()) {
				rounds.add(new ArrayList<>());
			}
			rounds.get(round).add(answer);
		}
		return rounds;
	}

	/**
	 * One round in one statement; what it refused goes to the aggregate before the next
	 * round. A statement that fails for good (an answer the database cannot store, such
	 * as a reason with a NUL character) is not tried again: each answer of the round then
	 * goes alone, and the one that cannot be stored is rejected while the others apply.
	 */
	private void apply(List<Answer> round) {
		List<CommandStore.Answer> usual = round.stream()
			.filter((answer) -> answer.car().isPresent())
			.map((answer) -> new CommandStore.Answer(answer.response().commandId().value(), answer.car().get(),
					answer.target(), answer.reason()))
			.toList();
		Set<UUID> applied = Set.of();
		Optional<Map<UUID, CommandStore.Standing>> refused = Optional.empty();
		if (!usual.isEmpty()) {
			try {
				Set<UUID> moved = this.retry.call(() -> this.store.answered(usual, this.clock.instant()));
				applied = moved;
				refused = standing(
						usual.stream().map(CommandStore.Answer::commandId).filter((id) -> !moved.contains(id)));
			}
			catch (CancellationException ex) {
				throw ex;
			}
			catch (RuntimeException ex) {
				logger.atWarn()
					.setMessage("A round of command responses cannot be stored; applying them one by one")
					.addKeyValue("answers", usual.size())
					.addKeyValue("failure", ex.toString())
					.log();
			}
		}
		for (Answer answer : round) {
			UUID id = answer.response().commandId().value();
			Outcome outcome = applied.contains(id) ? Outcome.APPLIED
					: refused.map((standing) -> refused(answer, standing.get(id))).orElseGet(() -> alone(answer));
			count(outcome);
			if (answer.span() != null) {
				answer.span().tag("outcome", outcome.reason());
				MessageTracing.end(answer.span(), null);
			}
			if (outcome != Outcome.APPLIED) {
				logger.atInfo()
					.setMessage("Ignored a command response")
					.addKeyValue("reason", outcome.reason())
					.addKeyValue("mqtt_topic", answer.topic())
					.log();
			}
			acknowledge(answer.message());
		}
	}

	/**
	 * Where the commands whose answers were refused stand, in one query: under load most
	 * refused answers are late or repeated (a command's RECEIVED and its outcome may go
	 * to different instances), and one transaction each through the aggregate let answers
	 * queue for minutes. Empty if the query fails for good: each goes to the aggregate.
	 */
	private Optional<Map<UUID, CommandStore.Standing>> standing(Stream<UUID> refused) {
		List<UUID> ids = refused.toList();
		if (ids.isEmpty()) {
			return Optional.of(Map.of());
		}
		try {
			return Optional.of(this.retry.call(() -> this.store.standing(ids)));
		}
		catch (CancellationException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			logger.atWarn()
				.setMessage("Could not read where refused commands stand; asking the aggregate one by one")
				.addKeyValue("answers", ids.size())
				.addKeyValue("failure", ex.toString())
				.log();
			return Optional.empty();
		}
	}

	/**
	 * Why the set-based change refused an answer, as the aggregate would say; an answer
	 * it may still apply (to a command QUEUED here since a restart, or one that moved
	 * since the statement) goes to the aggregate.
	 */
	private Outcome refused(Answer answer, CommandStore.Standing command) {
		if (answer.car().isEmpty()) {
			// not on a car's answer topic, so not in the statement
			return alone(answer);
		}
		if (command == null) {
			return Outcome.UNKNOWN_COMMAND;
		}
		if (!command.vin().equals(answer.car().get())) {
			return Outcome.OTHER_VEHICLE;
		}
		if (command.status() == CommandStatus.QUEUED || Lifecycle.allows(command.status(), answer.target())) {
			return alone(answer);
		}
		return (command.status() == answer.target()) ? Outcome.DUPLICATE : Outcome.TOO_LATE;
	}

	/** Through the aggregate; rejected if it fails for good. */
	private Outcome alone(Answer answer) {
		try {
			return this.retry.call(() -> throughTheAggregate(answer));
		}
		catch (CancellationException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			logger.atWarn()
				.setMessage("Rejected a command response that cannot be stored")
				.addKeyValue("mqtt_topic", answer.topic())
				.addKeyValue("command_id", answer.response().commandId().value())
				.addKeyValue("failure", ex.toString())
				.log();
			return Outcome.UNSTORABLE;
		}
	}

	/**
	 * Unknown, another car's, a duplicate, too late, or the answer to a command still
	 * QUEUED here: the aggregate tells which, and applies the last.
	 */
	private Outcome throughTheAggregate(Answer answer) {
		CommandStatus target = answer.target();
		String topic = answer.topic();
		return this.transactions.execute((status) -> {
			CommandDelivery command = this.deliveries.findLocked(answer.response().commandId().value()).orElse(null);
			if (command == null) {
				return Outcome.UNKNOWN_COMMAND;
			}
			if (topic == null || !topic.equals(MqttTopic.COMMAND_RESPONSES.of(command.vin()))) {
				return Outcome.OTHER_VEHICLE;
			}
			if (command.status() == CommandStatus.QUEUED) {
				command.sentBeforeARestart(this.clock.instant());
			}
			if (!command.canMoveTo(target)) {
				return (command.status() == target) ? Outcome.DUPLICATE : Outcome.TOO_LATE;
			}
			if (target == CommandStatus.DELIVERED) {
				command.delivered(this.clock.instant());
			}
			else {
				command.finished(target, this.clock.instant(), answer.response().reason());
			}
			return Outcome.APPLIED;
		});
	}

	private static CommandStatus target(CommandResponse response) {
		return switch (response.status()) {
			case RECEIVED -> CommandStatus.DELIVERED;
			case SUCCEEDED -> CommandStatus.SUCCEEDED;
			case FAILED -> CommandStatus.FAILED;
			case REJECTED -> CommandStatus.REJECTED;
		};
	}

	private static Optional<VehicleId> carOf(String topic) {
		return MqttTopic.parse(topic)
			.filter((parsed) -> parsed.kind() == MqttTopic.COMMAND_RESPONSES && VehicleId.isValid(parsed.vin()))
			.map((parsed) -> VehicleId.of(parsed.vin()));
	}

	private static void acknowledge(Message<?> message) {
		SimpleAcknowledgment acknowledgment = StaticMessageHeaderAccessor.getAcknowledgment(message);
		if (acknowledgment == null) {
			return;
		}
		try {
			acknowledgment.acknowledge();
		}
		catch (IllegalStateException ex) {
			// disconnected (stopping): applied all the same; the broker's redelivery
			// after
			// the restart is a duplicate, ignored as such
			logger.atDebug().setMessage("Could not acknowledge a command response").setCause(ex).log();
		}
	}

	private void count(Outcome outcome) {
		Counter.builder("car.command.responses")
			.description("Responses from cars: applied, ignored (the lifecycle has no use for them) or rejected "
					+ "(bad answers), by reason")
			.tag("result", outcome.result())
			.tag("reason", outcome.reason())
			.register(this.meters)
			.increment();
	}

	/**
	 * Starts the workers, once: Spring Integration also starts (and stops) a handler's
	 * target that has a lifecycle, and two workers on one queue would apply a command's
	 * answers out of order.
	 */
	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		for (int index = 0; index < this.received.size(); index++) {
			BlockingQueue<Message<byte[]>> queue = this.received.get(index);
			PathProgress path = this.progress.get(index);
			this.working.add(this.workers.submit(() -> work(queue, path)));
		}
	}

	/**
	 * Applies what is queued for up to {@link #STOP_TIMEOUT}, then stops; runs after the
	 * inbound adapter stopped, which waited for acknowledgements while connected. What is
	 * left is unacknowledged, and the broker sends it again.
	 */
	@Override
	public synchronized void stop() {
		long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
		this.stopDeadline = deadline;
		this.running = false;
		try {
			for (Future<?> worker : this.working) {
				worker.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.atWarn().setMessage("An answer worker did not stop cleanly").setCause(ex).log();
		}
		this.working.clear();
	}

	@Override
	public void destroy() {
		this.workers.shutdown();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Starts before the inbound adapter ({@code Integer.MAX_VALUE / 2}), stops after. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE / 4;
	}

	/** What became of an answer, as counted. */
	enum Outcome {

		APPLIED("applied", "applied"), UNKNOWN_COMMAND("ignored", "unknown-command"),
		OTHER_VEHICLE("ignored", "other-vehicle"), DUPLICATE("ignored", "duplicate"), TOO_LATE("ignored", "too-late"),
		/** Not a command response. */
		MALFORMED("rejected", "malformed"),
		/** Valid, but the database refuses it for good. */
		UNSTORABLE("rejected", "unstorable");

		private final String result;

		private final String reason;

		Outcome(String result, String reason) {
			this.result = result;
			this.reason = reason;
		}

		String result() {
			return this.result;
		}

		String reason() {
			return this.reason;
		}

	}

	/**
	 * An answer as read.
	 *
	 * @param message as it came, to acknowledge
	 * @param topic where it came from
	 * @param response what the car said
	 * @param target the status it asks for
	 * @param car the car of the topic, if it is a valid answer topic
	 * @param span its span in the command's trace, or {@code null}
	 */
	private record Answer(Message<byte[]> message, String topic, CommandResponse response, CommandStatus target,
			Optional<VehicleId> car, Span span) {

		/** The car's message with an outcome; RECEIVED records none, as the aggregate. */
		String reason() {
			return (this.target == CommandStatus.DELIVERED) ? null : this.response.reason();
		}

	}

}
