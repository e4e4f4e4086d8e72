package com.opencar.car.ingest.benchmark;

import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.kafka.dsl.Kafka;
import org.springframework.integration.mqtt.inbound.Mqttv5PahoMessageDrivenChannelAdapter;
import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The benchmark's peer: the MQTT → Kafka bridge a user writes from the Spring Integration
 * reference docs. Paho's v5 inbound adapter with automatic acknowledgements (the broker
 * gets its PUBACK when the flow returns, before Kafka has the record), straight into
 * Spring Integration Kafka's outbound adapter, keyed by the MQTT topic, with the Kafka
 * client's defaults (acks=all, idempotent). No validation, no dead letters, no
 * normalising.
 * <p>
 * Run as a process of its own: {@code PlainBridge mqttUrl bootstrapServers kafkaTopic}.
 */
// not a @Configuration: the ingest service's component scan would pick it up
@EnableIntegration
class PlainBridge {

	private static String mqttUrl;

	private static String bootstrapServers;

	private static String kafkaTopic;

	public static void main(String[] args) {
		mqttUrl = args[0];
		bootstrapServers = args[1];
		kafkaTopic = args[2];
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(PlainBridge.class);
		context.registerShutdownHook();
	}

	@Bean
	KafkaTemplate<String, byte[]> kafkaTemplate() {
		return new KafkaTemplate<>(
				new DefaultKafkaProducerFactory<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
						new StringSerializer(), new ByteArraySerializer()));
	}

	@Bean
	IntegrationFlow mqttToKafka(KafkaTemplate<String, byte[]> kafkaTemplate) {
		Mqttv5PahoMessageDrivenChannelAdapter inbound = new Mqttv5PahoMessageDrivenChannelAdapter(mqttUrl,
				"plain-bridge", "vehicles/+/telemetry");
		inbound.setPayloadType(byte[].class);
		return IntegrationFlow.from(inbound)
			.handle(Kafka.outboundChannelAdapter(kafkaTemplate)
				.topic(kafkaTopic)
				.messageKey((message) -> message.getHeaders().get(MqttHeaders.RECEIVED_TOPIC)))
			.get();
	}

}
