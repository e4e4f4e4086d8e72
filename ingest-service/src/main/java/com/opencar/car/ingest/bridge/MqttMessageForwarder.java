package com.opencar.car.ingest.bridge;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.integration.StaticMessageHeaderAccessor;
import org.springframework.integration.acks.SimpleAcknowledgment;
import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.Message;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

import com.opencar.car.ingest.IngestProperties.Route;
import com.opencar.car.ingest.IngestProperties;
import com.opencar.car.ingest.pipeline.IncomingMessage;
import com.opencar.car.ingest.pipeline.IngestMetrics;
import com.opencar.car.ingest.pipeline.Source;
import com.opencar.car.ingest.pipeline.VehicleMessagePipeline.Prepared;
import com.opencar.car.ingest.pipeline.VehicleMessagePipeline;
import com.opencar.car.process.failure.FailureKind;
import com.opencar.car.process.progress.PathProgress;
import com.opencar.car.process.tracing.MessageTracing;

/**
 * Sends each MQTT message through the pipeline and acknowledges it to the broker only
 * once Kafka has it. If Kafka does not take it for a transient reason (after the
 * producer's own retries), the message's record is sent again after a back-off, without
 * validating it again, still unacknowledged: the broker keeps it until then and
 * redelivers it if this instance dies. A record Kafka refuses for good (too large for the
 * topic, for instance) is dead-lettered as {@code REFUSED_BY_KAFKA} instead, so that one
 * message cannot hold a slot of the broker's window forever and come back after every
 * restart.
 */
class MqttMessageForwarder {

	private static final Logger logger = LoggerFactory.getLogger(MqttMessageForwarder.class);

	private final VehicleMessagePipeline pipeline;

	private final IngestMetrics metrics;

	private final ScheduledExecutorService retries;

	private final ExponentialBackOff backOff;

	private final Qos0Budget qos0Budget;

	/** Messages waiting for Kafka with none acknowledged for too long: health DOWN. */
	private final PathProgress progress;

	/**
	 * Whether Kafka refused the last send: logs the change, not every retried message.
	 */
	private final AtomicBoolean refusing = new AtomicBoolean();

	MqttMessageForwarder(VehicleMessagePipeline pipeline, IngestMetrics metrics, ScheduledExecutorService retries,
			IngestProperties.Bridge bridge, Qos0Budget qos0Budget, PathProgress progress) {
		this.pipeline = pipeline;
		this.progress = progress;
		this.metrics = metrics;
		this.retries = retries;
		this.qos0Budget = qos0Budget;
		this.backOff = new ExponentialBackOff(bridge.retryInitialInterval().toMillis(), 2.0);
		this.backOff.setMaxInterval(bridge.retryMaxInterval().toMillis());
	}

	public void forward(Message<byte[]> message) {
		String topic = message.getHeaders().get(MqttHeaders.RECEIVED_TOPIC, String.class);
		Integer qos = message.getHeaders().get(MqttHeaders.RECEIVED_QOS, Integer.class);
		SimpleAcknowledgment acknowledgment = StaticMessageHeaderAccessor.getAcknowledgment(message);
		boolean qos0 = Qos0Budget.isQos0(message);
		int size = message.getPayload().length;
		Runnable done = () -> {
			acknowledge(acknowledgment);
			if (qos0) {
				this.qos0Budget.release(size);
			}
		};
		IncomingMessage incoming = new IncomingMessage(topic, message.getPayload(), (qos != null) ? qos : 0,
				Instant.now(), Source.MQTT, message.getHeaders().get(MessageTracing.TRACEPARENT, String.class));
		Route route = this.pipeline.route(topic).orElse(null);
		if (route == null) {
			// only subscribed filters arrive; a stray topic is acknowledged so it cannot
			// block the session
			logger.atWarn()
				.setMessage("No route for the MQTT topic; acknowledged and dropped")
				.addKeyValue("mqtt_topic", topic)
				.log();
			done.run();
			return;
		}
		this.metrics.inFlightIncrement();
		this.progress.waiting();
		send(this.pipeline.prepare(route, incoming), topic, () -> {
			done.run();
			this.progress.progressed();
			if (this.metrics.inFlightDecrement() == 0) {
				this.progress.idle();
			}
		}, this.backOff.start());
	}

	private void send(Prepared prepared, String topic, Runnable done, BackOffExecution backOff) {
		this.pipeline.send(prepared).whenComplete((result, failure) -> {
			if (failure == null) {
				done.run();
				if (this.refusing.compareAndSet(true, false)) {
					logger.info("Kafka takes messages again");
				}
				return;
			}
			if (FailureKind.isTransient(failure)) {
				retry(prepared, topic, done, backOff, failure);
				return;
			}
			// never sent from the producer's own thread, which a full buffer would block
			this.retries.execute(() -> refused(prepared, topic, done, failure));
		});
	}

	private void retry(Prepared prepared, String topic, Runnable done, BackOffExecution backOff, Throwable failure) {
		long delay = backOff.nextBackOff();
		this.metrics.kafkaSendFailed();
		if (this.refusing.compareAndSet(false, true)) {
			logger.atWarn()
				.setMessage("Kafka did not take a message; holding it unacknowledged and retrying with back-off "
						+ "(see car.ingest.kafka.send.failures)")
				.addKeyValue("mqtt_topic", topic)
				.addKeyValue("kafka_topic", prepared.record().topic())
				.addKeyValue("retry_in_ms", delay)
				.addKeyValue("failure", failure.toString())
				.log();
		}
		this.retries.schedule(() -> send(prepared, topic, done, backOff), delay, TimeUnit.MILLISECONDS);
	}

	private void refused(Prepared prepared, String topic, Runnable done, Throwable failure) {
		Optional<Prepared> deadLetter = this.pipeline.refusedByKafka(prepared, failure);
		if (deadLetter.isPresent()) {
			logger.atWarn()
				.setMessage("Kafka refused a record for good; dead-lettering the message as REFUSED_BY_KAFKA")
				.addKeyValue("mqtt_topic", topic)
				.addKeyValue("kafka_topic", prepared.record().topic())
				.addKeyValue("failure", failure.toString())
				.log();
			send(deadLetter.get(), topic, done, this.backOff.start());
			return;
		}
		logger.atError()
			.setMessage("Kafka refused a dead letter for good; the message is acknowledged and dropped "
					+ "(see car.ingest.messages.dropped)")
			.addKeyValue("mqtt_topic", topic)
			.addKeyValue("kafka_topic", prepared.record().topic())
			.addKeyValue("failure", failure.toString())
			.log();
		this.metrics.dropped("dead-letter-refused");
		done.run();
	}

	private static void acknowledge(SimpleAcknowledgment acknowledgment) {
		if (acknowledgment != null) {
			acknowledgment.acknowledge();
		}
	}

}
