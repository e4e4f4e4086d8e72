package com.opencar.car.ingest.bridge;

import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.integration.mqtt.core.Mqttv5ClientManager;
import org.springframework.integration.mqtt.inbound.Mqttv5PahoMessageDrivenChannelAdapter;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import com.opencar.car.ingest.IngestProperties;
import com.opencar.car.ingest.pipeline.IngestMetrics;
import com.opencar.car.ingest.pipeline.VehicleMessagePipeline;

@Configuration(proxyBeanMethods = false)
class MqttToKafkaConfiguration {

	@Bean
	Mqttv5PahoMessageDrivenChannelAdapter vehicleMessagesInbound(Mqttv5ClientManager mqttClientManager,
			IngestProperties properties) {
		IngestProperties.Bridge bridge = properties.bridge();
		String[] filters = properties.routes()
			.stream()
			.map((route) -> bridge.sharedGroup().isBlank() ? route.mqttFilter()
					: "$share/" + bridge.sharedGroup() + "/" + route.mqttFilter())
			.toArray(String[]::new);
		Mqttv5PahoMessageDrivenChannelAdapter adapter = new Mqttv5PahoMessageDrivenChannelAdapter(mqttClientManager,
				filters);
		adapter.setManualAcks(true);
		int[] qos = new int[filters.length];
		Arrays.fill(qos, bridge.qos());
		adapter.setQos(qos);
		adapter.setPayloadType(byte[].class);
		return adapter;
	}

	/**
	 * One thread, so each car's messages reach Kafka in the order they arrived; the work
	 * per message is parsing and an asynchronous send.
	 */
	@Bean(destroyMethod = "shutdown")
	ExecutorService bridgeDispatcher() {
		return Executors.newSingleThreadExecutor(new CustomizableThreadFactory("ingest-bridge-"));
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

	@Bean
	IntegrationFlow mqttToKafkaFlow(Mqttv5PahoMessageDrivenChannelAdapter vehicleMessagesInbound,
			ExecutorService bridgeDispatcher, MqttMessageForwarder mqttMessageForwarder) {
		return IntegrationFlow.from(vehicleMessagesInbound)
			.channel((channels) -> channels.executor("bridgeDispatchChannel", bridgeDispatcher))
			.handle(mqttMessageForwarder, "forward", (endpoint) -> endpoint.id("mqttToKafkaForwarder"))
			.get();
	}

}
