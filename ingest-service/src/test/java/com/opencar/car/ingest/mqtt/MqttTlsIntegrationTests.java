package com.opencar.car.ingest.mqtt;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.ingest.support.IngestInstance;
import com.opencar.car.testsupport.RealServers;
import com.opencar.car.testsupport.SecureMosquitto;
import com.opencar.car.testsupport.Server;
import com.opencar.car.testsupport.TestKafka;
import com.opencar.car.testsupport.TestMqttBroker;
import com.opencar.car.testsupport.TestVins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bridge on the secured broker of {@code security/mosquitto}: it connects over TLS
 * (trusting the development CA through a Spring SSL bundle) with its own credentials, and
 * a car that signed in with its VIN and secret gets its telemetry into Kafka.
 */
@RealServers(Server.KAFKA)
class MqttTlsIntegrationTests {

	private static final Path SECURITY = Path.of("..", "security").toAbsolutePath().normalize();

	@Test
	void bridgesOverTlsWithItsOwnCredentials(TestKafka kafka) throws Exception {
		VehicleId vin = TestVins.fresh().next();
		try (SecureMosquitto broker = SecureMosquitto.start(SECURITY,
				Map.of("ingest", "secret-of-ingest", vin.value(), "secret-of-the-car"))) {
			Map<String, Object> tls = Map.of("car.ingest.mqtt.url", "ssl://localhost:" + broker.tlsPort(),
					"car.ingest.mqtt.username", "ingest", "car.ingest.mqtt.password", "secret-of-ingest",
					"car.ingest.mqtt.ssl-bundle", "broker", "spring.ssl.bundle.pem.broker.truststore.certificate",
					"file:" + broker.caCertificate(), "car.ingest.bridge.shared-group", "tls-" + UUID.randomUUID());
			try (IngestInstance ingest = IngestInstance.start(new TestMqttBroker("localhost", broker.tlsPort()),
					kafka.bootstrapServers(), "ingest-tls-" + UUID.randomUUID(), tls)) {
				await().atMost(Duration.ofSeconds(30)).until(ingest::mqttSubscribed);

				Mqtt5BlockingClient car = MqttClient.builder()
					.useMqttVersion5()
					.identifier("car-" + vin.value())
					.serverHost("localhost")
					.serverPort(broker.tlsPort())
					.sslConfig()
					.trustManagerFactory(broker.trustManagerFactory())
					.applySslConfig()
					.simpleAuth()
					.username(vin.value())
					.password("secret-of-the-car".getBytes(StandardCharsets.UTF_8))
					.applySimpleAuth()
					.buildBlocking();
				car.connect();
				car.publishWith()
					.topic("vehicles/" + vin.value() + "/telemetry")
					.qos(MqttQos.AT_LEAST_ONCE)
					.payload(("{\"seq\":1,\"ts\":\"2026-11-22T10:00:00Z\",\"signals\":{\"Vehicle.Speed\":42.0}}")
						.getBytes(StandardCharsets.UTF_8))
					.send();
				car.disconnect();

				assertThat(readTelemetryOf(kafka, vin)).singleElement().asString().contains("\"Vehicle.Speed\":42.0");
			}
		}
	}

	private static List<String> readTelemetryOf(TestKafka kafka, VehicleId vin) {
		List<String> values = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
						ConsumerConfig.GROUP_ID_CONFIG, "tls-" + UUID.randomUUID(),
						ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new StringDeserializer(), new StringDeserializer())) {
			consumer.subscribe(List.of(KafkaTopic.TELEMETRY.topicName()));
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
					if (vin.value().equals(record.key())) {
						values.add(record.value());
					}
				}
				return !values.isEmpty();
			});
		}
		return values;
	}

}
