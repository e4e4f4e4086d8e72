package com.opencar.car.ingest.bridge;

import java.time.Instant;
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

import com.opencar.car.ingest.IngestProperties;
import com.opencar.car.ingest.IngestProperties.Route;
import com.opencar.car.ingest.pipeline.IncomingMessage;
import com.opencar.car.ingest.pipeline.IngestMetrics;
import com.opencar.car.ingest.pipeline.Source;
import com.opencar.car.ingest.pipeline.VehicleMessagePipeline;
import com.opencar.car.ingest.pipeline.VehicleMessagePipeline.Prepared;

/**
 * Sends each MQTT message through the pipeline and acknowledges it to the broker only
 * once Kafka has it. If Kafka does not take it (after the producer's own retries), the
 * message's record is sent again after a back-off, without validating it again, still
 * unacknowledged: the broker keeps it until then and redelivers it if this instance dies.
 */
class MqttMessageForwarder {

	private static final Logger logger = LoggerFactory.getLogger(MqttMessageForwarder.class);

	private final VehicleMessagePipeline pipeline;

	private final IngestMetrics metrics;

	private final ScheduledExecutorService retries;

	private final ExponentialBackOff backOff;

	/**
	 * Whether Kafka refused the last send: logs the change, not every retried message.
	 */
	private final AtomicBoolean refusing = new AtomicBoolean();

	MqttMessageForwarder(VehicleMessagePipeline pipeline, IngestMetrics metrics, ScheduledExecutorService retries,
			IngestProperties.Bridge bridge) {
		this.pipeline = pipeline;
		this.metrics = metrics;
		this.retries = retries;
		this.backOff = new ExponentialBackOff(bridge.retryInitialInterval().toMillis(), 2.0);
		this.backOff.setMaxInterval(bridge.retryMaxInterval().toMillis());
	}

	public void forward(Message<byte[]> message) {
		String topic = message.getHeaders().get(MqttHeaders.RECEIVED_TOPIC, String.class);
		Integer qos = message.getHeaders().get(MqttHeaders.RECEIVED_QOS, Integer.class);
		SimpleAcknowledgment acknowledgment = StaticMessageHeaderAccessor.getAcknowledgment(message);
		IncomingMessage incoming = new IncomingMessage(topic, message.getPayload(), (qos != null) ? qos : 0,
				Instant.now(), Source.MQTT);
		Route route = this.pipeline.route(topic).orElse(null);
		if (route == null) {
			// only subscribed filters arrive; a stray topic is acknowledged so it cannot
			// block the session
			logger.atWarn()
				.setMessage("No route for the MQTT topic; acknowledged and dropped")
				.addKeyValue("mqtt_topic", topic)
				.log();
			acknowledge(acknowledgment);
			return;
		}
		this.metrics.inFlightIncrement();
		send(this.pipeline.prepare(route, incoming), topic, acknowledgment, this.backOff.start());
	}

	private void send(Prepared prepared, String topic, SimpleAcknowledgment acknowledgment, BackOffExecution backOff) {
		this.pipeline.send(prepared).whenComplete((result, failure) -> {
			if (failure == null) {
				acknowledge(acknowledgment);
				this.metrics.inFlightDecrement();
				if (this.refusing.compareAndSet(true, false)) {
					logger.info("Kafka takes messages again");
				}
				return;
			}
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
			this.retries.schedule(() -> send(prepared, topic, acknowledgment, backOff), delay, TimeUnit.MILLISECONDS);
		});
	}

	private static void acknowledge(SimpleAcknowledgment acknowledgment) {
		if (acknowledgment != null) {
			acknowledgment.acknowledge();
		}
	}

}
