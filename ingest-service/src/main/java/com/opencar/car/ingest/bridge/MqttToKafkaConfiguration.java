package com.opencar.car.ingest.bridge;

import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.ExecutorChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.integration.mqtt.inbound.Mqttv5PahoMessageDrivenChannelAdapter;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import com.opencar.car.ingest.IngestProperties;
import com.opencar.car.ingest.pipeline.IngestMetrics;
import com.opencar.car.ingest.pipeline.VehicleMessagePipeline;

@Configuration(proxyBeanMethods = false)
class MqttToKafkaConfiguration {

	/**
	 * The adapter owns its MQTT client: it is then the client's callback, so it
	 * subscribes as soon as each connection (and every automatic reconnect) completes,
	 * and it also receives what a resumed persistent session delivers before any
	 * subscription is renewed.
	 */
	@Bean
	Mqttv5PahoMessageDrivenChannelAdapter vehicleMessagesInbound(MqttConnectionOptions mqttConnectionOptions,
			IngestProperties properties) {
		IngestProperties.Bridge bridge = properties.bridge();
		String[] filters = properties.routes()
			.stream()
			.map((route) -> bridge.sharedGroup().isBlank() ? route.mqttFilter()
					: "$share/" + bridge.sharedGroup() + "/" + route.mqttFilter())
			.toArray(String[]::new);
		Mqttv5PahoMessageDrivenChannelAdapter adapter = new Mqttv5PahoMessageDrivenChannelAdapter(mqttConnectionOptions,
				properties.mqtt().clientId(), filters);
		// the service only receives: nothing of its own to keep across restarts
		adapter.setPersistence(new MemoryPersistence());
		// PUBACK only once Kafka has the record
		adapter.setManualAcks(true);
		int[] qos = new int[filters.length];
		Arrays.fill(qos, bridge.qos());
		adapter.setQos(qos);
		adapter.setPayloadType(byte[].class);
		return adapter;
	}

	/**
	 * One thread, so each car's messages reach Kafka in the order they arrived; the work
	 * per message is parsing and an asynchronous send. Its queue holds at most the
	 * broker's window (Receive Maximum) and is published as
	 * {@code car.ingest.bridge.queued}.
	 */
	@Bean(destroyMethod = "shutdown")
	ExecutorService bridgeDispatcher(MeterRegistry meterRegistry) {
		ThreadPoolExecutor dispatcher = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
				new LinkedBlockingQueue<>(), new CustomizableThreadFactory("ingest-bridge-"));
		Gauge.builder("car.ingest.bridge.queued", dispatcher, (executor) -> executor.getQueue().size())
			.description("Messages received from the broker, waiting for the bridge's dispatcher")
			.register(meterRegistry);
		return dispatcher;
	}

	@Bean(destroyMethod = "shutdownNow")
	ScheduledExecutorService bridgeRetries() {
		return Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("ingest-retry-"));
	}

	@Bean
	MqttMessageForwarder mqttMessageForwarder(VehicleMessagePipeline pipeline, IngestMetrics metrics,
			ScheduledExecutorService bridgeRetries, IngestProperties properties) {
		return new MqttMessageForwarder(pipeline, metrics, bridgeRetries, properties.bridge());
	}

	@Bean
	KafkaMetadataWarmUp kafkaMetadataWarmUp(KafkaTemplate<String, byte[]> kafka, IngestProperties properties) {
		return new KafkaMetadataWarmUp(kafka,
				properties.routes().stream().map(IngestProperties.Route::kafkaTopic).distinct().toList());
	}

	/**
	 * Where every received message is handed off the MQTT callback thread, in arrival
	 * order.
	 */
	@Bean
	ExecutorChannel bridgeDispatchChannel(ExecutorService bridgeDispatcher) {
		return new ExecutorChannel(bridgeDispatcher);
	}

	@Bean
	IntegrationFlow mqttToKafkaFlow(Mqttv5PahoMessageDrivenChannelAdapter vehicleMessagesInbound,
			ExecutorChannel bridgeDispatchChannel, MqttMessageForwarder mqttMessageForwarder) {
		return IntegrationFlow.from(vehicleMessagesInbound)
			.channel(bridgeDispatchChannel)
			.handle(mqttMessageForwarder, "forward", (endpoint) -> endpoint.id("mqttToKafkaForwarder"))
			.get();
	}

}
