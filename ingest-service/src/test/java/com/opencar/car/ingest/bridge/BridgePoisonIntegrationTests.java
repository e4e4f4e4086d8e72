package com.opencar.car.ingest.bridge;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.opencar.car.common.json.PayloadViolation;
import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.telemetry.TelemetryReported;
import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.common.topic.MqttTopic;
import com.opencar.car.common.topic.RecordHeaders;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.ingest.support.IngestInstance;
import com.opencar.car.ingest.support.KafkaTopicReader;
import com.opencar.car.ingest.support.TestCar;
import com.opencar.car.testsupport.RealServers;
import com.opencar.car.testsupport.Server;
import com.opencar.car.testsupport.TestKafka;
import com.opencar.car.testsupport.TestMosquitto;
import com.opencar.car.testsupport.TestVins;

import static com.opencar.car.ingest.support.KafkaTopicReader.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What used to wedge the bridge or grow without bound: a record Kafka refuses for good, a
 * packet larger than the bridge takes, QoS 0 while Kafka is away. Each is set aside with
 * its reason and counter while the traffic around it flows, and the service stays
 * healthy.
 * <p>
 * On Mosquitto, which honours a client's Maximum Packet Size and has no limit of its own
 * here (HiveMQ CE refuses large packets at the door, as the shipped EMQX does).
 */
@RealServers({ Server.KAFKA, Server.MOSQUITTO })
class BridgePoisonIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(90);

	private final VehicleJson json = new VehicleJson();

	/**
	 * Also a route other than the contract's: its filter, Kafka topic and VIN level are
	 * honoured.
	 */
	@Test
	void deadLettersARecordKafkaRefusesForGoodAndForwardsTheNextOne(TestMosquitto mosquitto, TestKafka kafka)
			throws Exception {
		String topic = "test.small-" + UUID.randomUUID() + ".v1";
		// the topic takes batches of at most 70,000 bytes; a record larger than that
		// comes
		// back as RecordTooLargeException (below the producer's batch size of 64 KiB the
		// producer splits a refused batch for ever instead, KAFKA-8350: topics must take
		// at least a batch)
		try (Admin admin = Admin.create(adminProperties(kafka))) {
			admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of("max.message.bytes", "70000"))))
				.all()
				.get();
		}
		VehicleId vin = TestVins.fresh().next();
		String mqttTopic = "fleets/" + vin + "/small";
		Map<String, Object> route = Map.of("car.ingest.routes[0].mqtt-filter", "fleets/+/small",
				"car.ingest.routes[0].kafka-topic", topic, "car.ingest.routes[0].kind", "TELEMETRY",
				"car.ingest.routes[0].vin-level", "1", "car.ingest.bridge.shared-group", "poison-" + UUID.randomUUID(),
				"car.ingest.validation.max-payload-size", "200KB");
		// valid, of 3,000 signals: about 110 KB (no string may be longer than 64 KiB)
		StringBuilder signals = new StringBuilder("\"Vehicle.Speed\":12.5");
		for (int index = 0; index < 3_000; index++) {
			signals.append(",\"Vehicle.OEM.Note").append(index).append("\":\"").append("a".repeat(16)).append('"');
		}
		String large = "{\"vin\":\"" + vin + "\",\"seq\":2,\"ts\":0,\"signals\":{" + signals + "}}";
		byte[] largeBytes = large.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		try (IngestInstance ingest = start(mosquitto, kafka, route);
				TestCar car = TestCar.connect(mosquitto.broker(), vin)) {
			car.publish(mqttTopic, telemetry(vin, 1, "small"), 1);
			car.publish(mqttTopic, large, 1);
			car.publish(mqttTopic, telemetry(vin, 3, "small"), 1);

			try (KafkaTopicReader forwarded = new KafkaTopicReader(kafka, topic, (record) -> true)) {
				assertThat(forwarded.readAtLeast(2, PATIENCE)).extracting(this::seq).containsExactly(1L, 3L);
			}
			try (KafkaTopicReader deadLetters = new KafkaTopicReader(kafka, KafkaTopic.deadLetterOf(topic),
					(record) -> true)) {
				assertThat(deadLetters.readAtLeast(1, PATIENCE)).singleElement().satisfies((record) -> {
					assertThat(header(record, RecordHeaders.DLT_REASON))
						.isEqualTo(PayloadViolation.REFUSED_BY_KAFKA.name());
					assertThat(header(record, RecordHeaders.DLT_DETAIL)).contains("RecordTooLargeException");
					assertThat(header(record, RecordHeaders.MQTT_TOPIC)).isEqualTo(mqttTopic);
					assertThat(record.key()).isEqualTo(vin.value());
					// its first 64 KiB, and how large it was
					assertThat(record.value()).isEqualTo(java.util.Arrays.copyOf(largeBytes, 64 * 1024));
					assertThat(header(record, RecordHeaders.DLT_ORIGINAL_SIZE))
						.isEqualTo(Integer.toString(largeBytes.length));
				});
			}
			assertThat(ingest.count("car.ingest.messages.dead-lettered", "reason", "REFUSED_BY_KAFKA")).isOne();
			// acknowledged: nothing holds a slot of the broker's window
			await().atMost(PATIENCE).until(() -> ingest.unacknowledged() == 0);
			assertThat(ingest.isUp("kafka") && ingest.mqttSubscribed()).as("healthy").isTrue();
		}
	}

	@Test
	void takesNoPacketLargerThanItsMaximumAndForwardsTheNextOne(TestMosquitto mosquitto, TestKafka kafka)
			throws Exception {
		VehicleId vin = TestVins.fresh().next();
		try (IngestInstance ingest = start(mosquitto, kafka,
				Map.of("car.ingest.bridge.shared-group", "poison-" + UUID.randomUUID()));
				TestCar car = TestCar.connect(mosquitto.broker(), vin)) {
			car.publish(MqttTopic.TELEMETRY.of(vin), telemetry(vin, 1, "small"), 1);
			// larger than the bridge takes (256 KiB), smaller than this broker does
			car.publish(MqttTopic.TELEMETRY.of(vin), telemetry(vin, 2, "a".repeat(300_000)), 1);
			car.publish(MqttTopic.TELEMETRY.of(vin), telemetry(vin, 3, "small"), 1);

			try (KafkaTopicReader forwarded = new KafkaTopicReader(kafka, KafkaTopic.TELEMETRY.topicName(),
					(record) -> record.key().equals(vin.value()))) {
				assertThat(forwarded.readAtLeast(2, PATIENCE)).extracting(this::seq).containsExactly(1L, 3L);
			}
			// one car's messages are handled in order: had the broker sent the large one,
			// it would have been received (and dead-lettered as TOO_LARGE) before the
			// third
			assertThat(ingest.received()).as("messages the bridge received").isEqualTo(2);
			assertThat(ingest.isUp("kafka") && ingest.mqttSubscribed()).as("healthy").isTrue();
		}
	}

	@Test
	void dropsQos0PastItsBoundWhileKafkaIsAwayAndForwardsWhatItHeld(TestMosquitto mosquitto, TestKafka kafka)
			throws Exception {
		VehicleId vin = TestVins.fresh().next();
		int held = 50;
		int sent = 500;
		try (IngestInstance ingest = start(mosquitto, kafka,
				Map.of("car.ingest.bridge.shared-group", "poison-" + UUID.randomUUID(),
						"car.ingest.bridge.qos0-max-in-flight", Integer.toString(held)));
				TestCar car = TestCar.connect(mosquitto.broker(), vin)) {
			car.publish(MqttTopic.TELEMETRY.of(vin), telemetry(vin, 0, "before"), 1);
			try (KafkaTopicReader forwarded = new KafkaTopicReader(kafka, KafkaTopic.TELEMETRY.topicName(),
					(record) -> record.key().equals(vin.value()))) {
				assertThat(forwarded.readAtLeast(1, PATIENCE)).hasSize(1);
				double dropped;
				kafka.outage().begin();
				try {
					for (int seq = 1; seq <= sent; seq++) {
						car.publish(MqttTopic.TELEMETRY.of(vin), telemetry(vin, seq, "qos0"), 0);
					}
					await("the bound reached and the rest dropped").atMost(PATIENCE)
						.until(() -> ingest.gauge("car.ingest.bridge.qos0.held") == held
								&& ingest.count("car.ingest.messages.received") + ingest
									.count("car.ingest.messages.dropped", "reason", "qos0-overload") >= sent + 1);
					dropped = ingest.count("car.ingest.messages.dropped", "reason", "qos0-overload");
					assertThat(dropped).as("dropped past the bound").isEqualTo(sent - held);
				}
				finally {
					kafka.outage().end();
				}
				car.publish(MqttTopic.TELEMETRY.of(vin), telemetry(vin, sent + 1, "after"), 1);
				// what the bridge held reaches Kafka once Kafka is back (retried with
				// back-off, so maybe after the next QoS 1 message), and so does the next
				// QoS 1 message
				List<ConsumerRecord<String, byte[]>> records = forwarded.readUntil(
						(read) -> read.stream().anyMatch((record) -> seq(record) == sent + 1) && qos0(read) >= held,
						PATIENCE);
				assertThat(qos0(records)).isEqualTo(held);
			}
			await().atMost(PATIENCE)
				.until(() -> ingest.gauge("car.ingest.bridge.qos0.held") == 0 && ingest.isUp("kafka")
						&& ingest.mqttSubscribed());
		}
	}

	private static IngestInstance start(TestMosquitto mosquitto, TestKafka kafka, Map<String, Object> properties) {
		IngestInstance ingest = IngestInstance.start(mosquitto.broker(), kafka.bootstrapServers(),
				"ingest-poison-" + UUID.randomUUID(), properties);
		// a shared subscription only receives what is published after it exists
		await().atMost(PATIENCE).until(ingest::mqttSubscribed);
		return ingest;
	}

	private static String telemetry(VehicleId vin, long seq, String text) {
		return """
				{"vin":"%s","seq":%d,"ts":0,"signals":{"Vehicle.Speed":12.5,"Note":"%s"}}""".formatted(vin, seq, text);
	}

	private static long qos0(List<ConsumerRecord<String, byte[]>> records) {
		return records.stream().filter((record) -> "0".equals(header(record, RecordHeaders.QOS))).count();
	}

	private long seq(ConsumerRecord<String, byte[]> record) {
		return this.json.read(record.value(), TelemetryReported.class).seq();
	}

	private static Properties adminProperties(TestKafka kafka) {
		Properties properties = new Properties();
		properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
		return properties;
	}

}
