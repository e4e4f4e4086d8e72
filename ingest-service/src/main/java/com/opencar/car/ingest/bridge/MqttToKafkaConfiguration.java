package com.opencar.car.ingest.bridge;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.PartitionedChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.integration.mqtt.inbound.Mqttv5PahoMessageDrivenChannelAdapter;
import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.support.ExecutorChannelInterceptor;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import com.opencar.car.ingest.IngestProperties;
import com.opencar.car.ingest.pipeline.IngestMetrics;
import com.opencar.car.ingest.pipeline.VehicleMessagePipeline;
import com.opencar.car.process.progress.StuckPaths;
import com.opencar.car.support.mqtt.ResumingInboundAdapter;

@Configuration(proxyBeanMethods = false)
class MqttToKafkaConfiguration {

	/**
	 * The adapter owns its MQTT client: it is then the client's callback, so it
	 * subscribes as soon as each connection (and every automatic reconnect) completes,
	 * and it also receives what a resumed persistent session delivers before any
	 * subscription is renewed.
	 * <p>
	 * It sends straight to the dispatch channel, and the flow starts from that channel,
	 * not from the adapter: Spring starts a bean's dependencies before it and stops its
	 * dependents before it, whatever their phases, and every endpoint of a flow depends
	 * on the flow. A flow built {@code from(adapter)} therefore started the adapter
	 * before the forwarder subscribed and stopped the forwarder before the adapter, and
	 * what the broker delivered in between (a resumed session's backlog at start, the
	 * client's queue while it quiesced at stop) met "Dispatcher has no subscribers" and
	 * was never acknowledged: HiveMQ CE gave a stopped shared-subscription member's
	 * messages to nobody.
	 */
	@Bean
	Mqttv5PahoMessageDrivenChannelAdapter vehicleMessagesInbound(MqttConnectionOptions mqttConnectionOptions,
			IngestProperties properties, PartitionedChannel bridgeDispatchChannel, Qos0Budget qos0Budget) {
		IngestProperties.Bridge bridge = properties.bridge();
		String[] filters = properties.routes()
			.stream()
			.map((route) -> bridge.sharedGroup().isBlank() ? route.mqttFilter()
					: "$share/" + bridge.sharedGroup() + "/" + route.mqttFilter())
			.toArray(String[]::new);
		ResumingInboundAdapter adapter = new ResumingInboundAdapter(mqttConnectionOptions, properties.mqtt().clientId(),
				filters);
		// QoS 0 is bounded here, before the dispatch queues
		adapter.setAdmission(qos0Budget::admit);
		// the service only receives: nothing of its own to keep across restarts
		adapter.setPersistence(new MemoryPersistence());
		adapter.setDisconnectCompletionTimeout(properties.mqtt().disconnectTimeout().toMillis());
		// PUBACK only once Kafka has the record
		adapter.setManualAcks(true);
		int[] qos = new int[filters.length];
		Arrays.fill(qos, bridge.qos());
		adapter.setQos(qos);
		adapter.setPayloadType(byte[].class);
		adapter.setOutputChannel(bridgeDispatchChannel);
		return adapter;
	}

	@Bean(destroyMethod = "shutdownNow")
	ScheduledExecutorService bridgeRetries() {
		return Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("ingest-retry-"));
	}

	@Bean
	Qos0Budget qos0Budget(IngestProperties properties, IngestMetrics metrics, MeterRegistry meterRegistry) {
		IngestProperties.Bridge bridge = properties.bridge();
		Qos0Budget budget = new Qos0Budget(bridge.qos0MaxInFlight(), bridge.qos0MaxInFlightSize().toBytes(), metrics);
		Gauge.builder("car.ingest.bridge.qos0.held", budget, Qos0Budget::heldMessages)
			.description("QoS 0 messages received and not yet in Kafka")
			.register(meterRegistry);
		return budget;
	}

	@Bean
	MqttMessageForwarder mqttMessageForwarder(VehicleMessagePipeline pipeline, IngestMetrics metrics,
			ScheduledExecutorService bridgeRetries, IngestProperties properties, Qos0Budget qos0Budget,
			StuckPaths paths) {
		return new MqttMessageForwarder(pipeline, metrics, bridgeRetries, properties.bridge(), qos0Budget,
				paths.register("mqtt-to-kafka"));
	}

	@Bean
	KafkaMetadataWarmUp kafkaMetadataWarmUp(KafkaTemplate<String, byte[]> kafka, IngestProperties properties) {
		return new KafkaMetadataWarmUp(kafka,
				properties.routes().stream().map(IngestProperties.Route::kafkaTopic).distinct().toList());
	}

	/**
	 * Where every received message is handed off the MQTT callback thread: to one of
	 * {@code dispatchers} single-thread partitions, chosen by MQTT topic, so each car's
	 * messages reach Kafka in the order they arrived while cars are validated and sent in
	 * parallel. What waits is at most the broker's window (Receive Maximum) and is
	 * published as {@code car.ingest.bridge.queued}.
	 */
	@Bean
	PartitionedChannel bridgeDispatchChannel(IngestProperties properties, MeterRegistry meterRegistry,
			DispatchQueueDrain dispatchQueueDrain) {
		PartitionedChannel channel = new PartitionedChannel(properties.bridge().dispatchers(),
				(message) -> message.getHeaders().get(MqttHeaders.RECEIVED_TOPIC));
		channel.setThreadFactory(new CustomizableThreadFactory("ingest-bridge-"));
		channel.addInterceptor(dispatchQueueDrain);
		Gauge.builder("car.ingest.bridge.queued", dispatchQueueDrain, DispatchQueueDrain::queued)
			.description("Messages received from the broker, waiting for a dispatcher")
			.register(meterRegistry);
		return channel;
	}

	@Bean
	DispatchQueueDrain dispatchQueueDrain(IngestProperties properties) {
		return new DispatchQueueDrain(properties.mqtt().disconnectTimeout());
	}

	@Bean
	IntegrationFlow mqttToKafkaFlow(PartitionedChannel bridgeDispatchChannel,
			MqttMessageForwarder mqttMessageForwarder) {
		return IntegrationFlow.from(bridgeDispatchChannel)
			.handle(mqttMessageForwarder, "forward", (endpoint) -> endpoint.id("mqttToKafkaForwarder"))
			.get();
	}

	/**
	 * Counts the messages waiting in the dispatch queues and, on shutdown, holds the
	 * forwarder subscribed until none waits. The inbound adapter stops first (phase
	 * {@code Integer.MAX_VALUE / 2}; its client hands over what it still holds while it
	 * quiesces) and the forwarder last (an endpoint, phase {@code Integer.MIN_VALUE +
	 * 1000}); a message still queued when the forwarder unsubscribed was dropped
	 * unacknowledged ("Dispatcher has no subscribers"). Stopping in between, this waits
	 * for the queued messages to reach the forwarder (at most the disconnect timeout).
	 * The adapter's own stop waits for acknowledgements, which covers QoS 1; this one
	 * also covers QoS 0 messages, which have none to wait for and would be dropped.
	 */
	static final class DispatchQueueDrain implements ExecutorChannelInterceptor, SmartLifecycle {

		private final AtomicInteger queued = new AtomicInteger();

		private final Duration timeout;

		private volatile boolean running;

		DispatchQueueDrain(Duration timeout) {
			this.timeout = timeout;
		}

		int queued() {
			return this.queued.get();
		}

		@Override
		public Message<?> preSend(Message<?> message, MessageChannel target) {
			this.queued.incrementAndGet();
			return message;
		}

		@Override
		public void afterSendCompletion(Message<?> message, MessageChannel target, boolean sent, Exception failure) {
			if (!sent) {
				this.queued.decrementAndGet();
			}
		}

		@Override
		public Message<?> beforeHandle(Message<?> message, MessageChannel target, MessageHandler handler) {
			this.queued.decrementAndGet();
			return message;
		}

		@Override
		public void start() {
			this.running = true;
		}

		@Override
		public void stop() {
			long deadline = System.nanoTime() + this.timeout.toNanos();
			while (this.queued.get() > 0 && System.nanoTime() < deadline) {
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
			}
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		@Override
		public int getPhase() {
			return Integer.MAX_VALUE / 4;
		}

	}

}
