package com.opencar.car.command.events;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import com.opencar.car.common.command.CommandStatus;

/**
 * Open event streams, one per watcher of a command. Every {@code poll-interval} one query
 * fetches the transitions stored since each stream's last event, for all open streams
 * together; each goes out as an SSE event named {@code transition} whose id is the
 * transition's id, so a client that reconnects with {@code Last-Event-ID} misses nothing
 * and sees nothing twice. A stream ends after its command's terminal transition.
 * <p>
 * Reading the table rather than listening in-process means a stream served by one
 * instance shows transitions made by any other (the car's answer may reach another
 * instance through the shared subscription).
 */
@Component
public class TransitionStreams implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(TransitionStreams.class);

	private static final String EVENT = "transition";

	private final JdbcClient jdbc;

	private final Duration streamTimeout;

	private final Map<UUID, List<Stream>> streams = new ConcurrentHashMap<>();

	private volatile boolean running;

	TransitionStreams(JdbcClient jdbc, MeterRegistry meters,
			@Value("${car.command.events.stream-timeout:30m}") Duration streamTimeout) {
		this.jdbc = jdbc;
		this.streamTimeout = streamTimeout;
		Gauge
			.builder("car.command.event.streams", this.streams,
					(open) -> open.values().stream().mapToInt(List::size).sum())
			.description("Open server-sent event streams of command transitions")
			.register(meters);
	}

	/**
	 * Opens a stream of a command's transitions: those after {@code lastEventId} (all
	 * when null) at once, then each new one as it is stored.
	 * @param commandId an existing command
	 * @param lastEventId the id of the last event the client saw, if it reconnects
	 * @param terminal whether the command has already ended: the stream then ends after
	 * what the client has not seen
	 * @return the emitter to return from the controller
	 */
	public SseEmitter open(UUID commandId, Long lastEventId, boolean terminal) {
		SseEmitter emitter = new SseEmitter(this.streamTimeout.toMillis());
		Stream stream = new Stream(commandId, emitter, (lastEventId != null) ? lastEventId : 0);
		List<Stream> watchers = this.streams.computeIfAbsent(commandId, (id) -> new CopyOnWriteArrayList<>());
		watchers.add(stream);
		Runnable remove = () -> remove(stream);
		emitter.onCompletion(remove);
		emitter.onTimeout(remove);
		emitter.onError((ex) -> remove.run());
		// the history now, not at the next tick
		deliver(List.of(stream));
		if (terminal) {
			stream.end();
		}
		return emitter;
	}

	@Scheduled(fixedDelayString = "${car.command.events.poll-interval:100ms}")
	void poll() {
		if (!this.streams.isEmpty()) {
			deliver(this.streams.values().stream().flatMap(List::stream).toList());
		}
	}

	private void deliver(List<Stream> open) {
		long since = open.stream().mapToLong(Stream::lastId).min().orElse(0);
		List<UUID> commands = open.stream().map(Stream::commandId).distinct().toList();
		List<Transition> transitions = this.jdbc.sql("""
				select id, command_id, from_status, to_status, occurred_at, reason
				from command_transitions
				where command_id = any(:commands) and id > :since
				order by id
				""")
			.param("commands", commands.toArray(UUID[]::new))
			.param("since", since)
			.query((row, index) -> new Transition(row.getLong(1), row.getObject(2, UUID.class),
					(row.getString(3) != null) ? CommandStatus.valueOf(row.getString(3)) : null,
					CommandStatus.valueOf(row.getString(4)), row.getTimestamp(5).toInstant(), row.getString(6)))
			.list();
		for (Stream stream : open) {
			stream.send(transitions);
		}
	}

	private void remove(Stream stream) {
		this.streams.computeIfPresent(stream.commandId(), (id, watchers) -> {
			watchers.remove(stream);
			return watchers.isEmpty() ? null : watchers;
		});
	}

	@Override
	public void start() {
		this.running = true;
	}

	/**
	 * Ends every open stream before the web server stops; clients reconnect (to another
	 * instance) with their {@code Last-Event-ID}.
	 */
	@Override
	public void stop() {
		this.running = false;
		this.streams.values().stream().flatMap(List::stream).forEach((stream) -> stream.emitter().complete());
		this.streams.clear();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * One stored transition, as the stream sends it.
	 *
	 * @param id its id, also the SSE event id
	 * @param commandId the command
	 * @param from the status before ({@code null} for the first)
	 * @param to the status after
	 * @param at when
	 * @param reason why, when known
	 */
	public record Transition(long id, UUID commandId, CommandStatus from, CommandStatus to, Instant at, String reason) {

	}

	private final class Stream {

		private final UUID commandId;

		private final SseEmitter emitter;

		private volatile long lastId;

		private boolean ended;

		Stream(UUID commandId, SseEmitter emitter, long lastId) {
			this.commandId = commandId;
			this.emitter = emitter;
			this.lastId = lastId;
		}

		UUID commandId() {
			return this.commandId;
		}

		SseEmitter emitter() {
			return this.emitter;
		}

		long lastId() {
			return this.lastId;
		}

		synchronized void end() {
			if (!this.ended) {
				this.ended = true;
				this.emitter.complete();
			}
		}

		/**
		 * Sends this command's transitions it has not sent yet; synchronized because the
		 * first delivery (request thread) may meet a poll.
		 */
		synchronized void send(List<Transition> transitions) {
			if (this.ended) {
				return;
			}
			try {
				for (Transition transition : transitions) {
					if (!transition.commandId().equals(this.commandId) || transition.id() <= this.lastId) {
						continue;
					}
					this.emitter.send(SseEmitter.event()
						.id(Long.toString(transition.id()))
						.name(EVENT)
						.data(transition, MediaType.APPLICATION_JSON));
					this.lastId = transition.id();
					if (transition.to().isTerminal()) {
						end();
						return;
					}
				}
			}
			catch (IOException | IllegalStateException ex) {
				// the client went away
				logger.debug("Command event stream closed", ex);
				this.ended = true;
				this.emitter.completeWithError(ex);
			}
		}

	}

}
