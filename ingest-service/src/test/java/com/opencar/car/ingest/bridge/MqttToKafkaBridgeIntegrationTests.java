package com.opencar.car.ingest.bridge;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.support.management.IntegrationManagement;

import com.opencar.car.common.json.PayloadViolation;
import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.telemetry.ConnectivityChanged;
import com.opencar.car.common.telemetry.TelemetryReported;
import com.opencar.car.common.telemetry.VehicleEventReported;
import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.common.topic.MqttTopic;
import com.opencar.car.common.topic.RecordHeaders;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.ingest.IngestIntegrationTest;
import com.opencar.car.ingest.support.KafkaTopicReader;
import com.opencar.car.ingest.support.TestCar;
import com.opencar.car.testsupport.LifecycleOrder;
import com.opencar.car.testsupport.TestVins;
import com.opencar.car.testsupport.TestKafka;
import com.opencar.car.testsupport.TestMqttBroker;

import static com.opencar.car.ingest.support.KafkaTopicReader.header;
import static org.assertj.core.api.Assertions.assertThat;

@IngestIntegrationTest
class MqttToKafkaBridgeIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(90);

	private final VehicleJson json = new VehicleJson();

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private ConfigurableApplicationContext context;

	/**
	 * The flow's channel and handler do not log per message. commons-logging 1.3's SLF4J
	 * bridge makes a String of every debug message before SLF4J checks the level, and the
	 * forwarder's "produced no reply for request Message: …" (the whole message printed)
	 * was more than a quarter of what the bridge allocated.
	 */
	@Test
	void noIntegrationComponentLogsPerMessage() {
		Map<String, IntegrationManagement> components = this.context.getBeansOfType(IntegrationManagement.class);
		assertThat(List.of("mqttToKafkaFlow.service-activator#0", "bridgeDispatchChannel"))
			.allSatisfy((name) -> assertThat(components.get(name).isLoggingEnabled()).as(name).isFalse());
	}

	/**
	 * The adapter starts after the forwarder subscribed and stops before it unsubscribes,
	 * so nothing the broker delivers meets a flow without subscribers. It did not while
	 * the flow was built from the adapter (the endpoints then depended on it), and a
	 * resumed session's first messages or those the client handed over while it quiesced
	 * were dropped unacknowledged (BridgeInstancesIntegrationTests lost one of 5,000 in
	 * about one run of three).
	 */
	@Test
	void receivesOnlyWhileTheForwarderIsSubscribed() {
		assertThat(LifecycleOrder.startsAfterAndStopsBefore(this.context, "vehicleMessagesInbound",
				"mqttToKafkaForwarder"))
			.isTrue();
	}

	@Test
	void forwardsTenThousandMessagesFromHundredCarsKeyedByVinInOrder(TestMqttBroker broker, TestKafka kafka)
			throws Exception {
		TestVins vins = TestVins.fresh();
		int cars = 100;
		int messagesPerCar = 100;
		ExecutorService publishers = Executors.newFixedThreadPool(cars);
		try {
			List<Future<?>> published = new ArrayList<>();
			for (int car = 0; car < cars; car++) {
				VehicleId vin = vins.next();
				published.add(publishers.submit(() -> {
					try (TestCar testCar = TestCar.connect(broker, vin)) {
						for (int seq = 0; seq < messagesPerCar; seq++) {
							testCar.publishTelemetry(seq);
						}
					}
				}));
			}
			for (Future<?> future : published) {
				future.get();
			}
		}
		finally {
			publishers.shutdownNow();
		}

		try (KafkaTopicReader reader = new KafkaTopicReader(kafka, KafkaTopic.TELEMETRY.topicName(),
				(record) -> vins.owns(record.key()))) {
			List<ConsumerRecord<String, byte[]>> records = reader.readAtLeast(cars * messagesPerCar, PATIENCE);
			assertThat(records).hasSize(cars * messagesPerCar);
			Map<String, List<Long>> seqsByCar = new LinkedHashMap<>();
			for (ConsumerRecord<String, byte[]> record : records) {
				TelemetryReported telemetry = this.json.read(record.value(), TelemetryReported.class);
				assertThat(telemetry.vin().value()).isEqualTo(record.key());
				assertThat(header(record, RecordHeaders.MQTT_TOPIC)).isEqualTo(MqttTopic.TELEMETRY.of(telemetry.vin()));
				assertThat(header(record, RecordHeaders.QOS)).isEqualTo("1");
				assertThat(header(record, RecordHeaders.CONTENT_TYPE)).isEqualTo("application/json");
				assertThat(Instant.parse(header(record, RecordHeaders.RECEIVED_AT))).isBeforeOrEqualTo(Instant.now());
				seqsByCar.computeIfAbsent(record.key(), (key) -> new ArrayList<>()).add(telemetry.seq());
			}
			assertThat(seqsByCar).hasSize(cars);
			List<Long> expected = java.util.stream.LongStream.range(0, messagesPerCar).boxed().toList();
			seqsByCar.forEach((vin, seqs) -> assertThat(seqs).as("seq order of %s", vin).isEqualTo(expected));
		}
		assertThat(this.meters.get("car.ingest.in-flight").gauge().value()).isZero();
	}

	@Test
	void bridgesWhatAnMqtt311CarPublishes(TestMqttBroker broker, TestKafka kafka) {
		VehicleId vin = TestVins.fresh().next();
		Mqtt3BlockingClient car = MqttClient.builder()
			.useMqttVersion3()
			.identifier("car-311-" + vin)
			.serverHost(broker.host())
			.serverPort(broker.port())
			.buildBlocking();
		car.connect();
		try {
			for (long seq = 1; seq <= 3; seq++) {
				car.publishWith()
					.topic(MqttTopic.TELEMETRY.of(vin))
					.qos(MqttQos.AT_LEAST_ONCE)
					.payload(TestCar.telemetryJson(vin, seq).getBytes(StandardCharsets.UTF_8))
					.send();
			}
		}
		finally {
			car.disconnect();
		}
		try (KafkaTopicReader reader = new KafkaTopicReader(kafka, KafkaTopic.TELEMETRY.topicName(),
				(record) -> record.key().equals(vin.value()))) {
			assertThat(reader.readAtLeast(3, PATIENCE))
				.extracting((record) -> this.json.read(record.value(), TelemetryReported.class).seq())
				.containsExactly(1L, 2L, 3L);
		}
	}

	@Test
	void deadLettersEachBadInputWithItsReasonAndKeepsForwardingGoodTraffic(TestMqttBroker broker, TestKafka kafka) {
		TestVins vins = TestVins.fresh();
		Map<String, BadInput> corpus = new LinkedHashMap<>();
		String nested = "{\"seq\":1,\"ts\":0,\"signals\":{},\"x\":" + "[".repeat(64) + "]".repeat(64) + "}";
		String future = Instant.now().plus(Duration.ofDays(1)).toString();
		List<BadInput> inputs = List.of(new BadInput("not JSON", "speed=87", PayloadViolation.NOT_JSON),
				new BadInput("truncated", "{\"seq\":1,\"ts\":0,\"signals\":{\"Vehicle.Speed\":8",
						PayloadViolation.TRUNCATED),
				new BadInput("wrong type", "{\"seq\":\"one\",\"ts\":0,\"signals\":{}}", PayloadViolation.WRONG_TYPE),
				new BadInput("missing field", "{\"seq\":1,\"ts\":0}", PayloadViolation.MISSING_FIELD),
				new BadInput("VIN mismatch", "{\"vin\":\"WVWZZZ1JZXW000001\",\"seq\":1,\"ts\":0,\"signals\":{}}",
						PayloadViolation.VIN_MISMATCH),
				new BadInput("oversize", "{\"seq\":1,\"ts\":0,\"signals\":{\"x\":\"" + "a".repeat(70_000) + "\"}}",
						PayloadViolation.TOO_LARGE),
				new BadInput("future timestamp", "{\"seq\":1,\"ts\":\"" + future + "\",\"signals\":{}}",
						PayloadViolation.TIMESTAMP_IN_FUTURE),
				new BadInput("NaN", "{\"seq\":1,\"ts\":0,\"signals\":{\"Vehicle.Speed\":NaN}}",
						PayloadViolation.NON_FINITE_NUMBER),
				new BadInput("Infinity", "{\"seq\":1,\"ts\":0,\"signals\":{\"Vehicle.Speed\":-Infinity}}",
						PayloadViolation.NON_FINITE_NUMBER),
				new BadInput("deeply nested", nested, PayloadViolation.TOO_DEEP),
				new BadInput("out of range",
						"{\"seq\":1,\"ts\":0,\"signals\":{\"Vehicle.Powertrain.TractionBattery.StateOfCharge.Current\":140}}",
						PayloadViolation.OUT_OF_RANGE),
				new BadInput("empty", "", PayloadViolation.EMPTY));
		try (TestCar car = TestCar.connect(broker, vins.next())) {
			for (BadInput input : inputs) {
				// one car per input, so each dead letter is found by its key
				VehicleId vin = vins.next();
				corpus.put(vin.value(), input);
				car.publish(MqttTopic.TELEMETRY.of(vin), input.payload(), 1);
			}
			String badVinTopic = "vehicles/" + vins.next().value().substring(0, 10) + "-BAD/telemetry";
			car.publish(badVinTopic, "{\"seq\":1,\"ts\":0,\"signals\":{}}", 1);
			car.publishTelemetry(7);

			try (KafkaTopicReader deadLetters = new KafkaTopicReader(kafka, KafkaTopic.TELEMETRY.deadLetterTopicName(),
					(record) -> vins.owns(record.key()))) {
				List<ConsumerRecord<String, byte[]>> records = deadLetters.readAtLeast(inputs.size() + 1, PATIENCE);
				assertThat(records).hasSize(inputs.size() + 1);
				for (ConsumerRecord<String, byte[]> record : records) {
					if (record.key().endsWith("-BAD")) {
						assertThat(header(record, RecordHeaders.DLT_REASON))
							.isEqualTo(PayloadViolation.INVALID_VIN.name());
						assertThat(header(record, RecordHeaders.MQTT_TOPIC)).isEqualTo(badVinTopic);
						continue;
					}
					BadInput input = corpus.get(record.key());
					assertThat(header(record, RecordHeaders.DLT_REASON)).as(input.name())
						.isEqualTo(input.expected().name());
					assertThat(header(record, RecordHeaders.DLT_DETAIL)).as(input.name()).isNotBlank();
					byte[] original = input.payload().getBytes(StandardCharsets.UTF_8);
					if (original.length > 64 * 1024) {
						// the dead letter keeps the first 64 KiB and says how large it
						// was
						assertThat(record.value()).as(input.name()).isEqualTo(Arrays.copyOf(original, 64 * 1024));
						assertThat(header(record, RecordHeaders.DLT_ORIGINAL_SIZE)).as(input.name())
							.isEqualTo(Integer.toString(original.length));
					}
					else {
						assertThat(record.value()).as(input.name()).isEqualTo(original);
						assertThat(header(record, RecordHeaders.DLT_ORIGINAL_SIZE)).as(input.name()).isNull();
					}
				}
			}
			try (KafkaTopicReader telemetry = new KafkaTopicReader(kafka, KafkaTopic.TELEMETRY.topicName(),
					(record) -> record.key().equals(car.vin().value()))) {
				assertThat(telemetry.readAtLeast(1, PATIENCE)).singleElement()
					.satisfies((record) -> assertThat(this.json.read(record.value(), TelemetryReported.class).seq())
						.isEqualTo(7));
			}
		}
		assertThat(this.meters.get("car.ingest.messages.dead-lettered")
			.tag("reason", PayloadViolation.NON_FINITE_NUMBER.name())
			.counter()
			.count()).isGreaterThanOrEqualTo(2);
		assertThat(this.meters.get("car.ingest.messages.dead-lettered")
			.tag("reason", PayloadViolation.TOO_LARGE.name())
			.counter()
			.count()).isGreaterThanOrEqualTo(1);
		assertThat(this.meters.get("car.ingest.messages.dead-lettered")
			.tag("reason", PayloadViolation.OUT_OF_RANGE.name())
			.counter()
			.count()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void turnsStatusMessagesAndTheLastWillIntoConnectivityRecords(TestMqttBroker broker, TestKafka kafka) {
		VehicleId vin = TestVins.fresh().next();
		MqttConnectionOptions options = new MqttConnectionOptions();
		MqttMessage will = new MqttMessage(
				("{\"online\":false,\"ts\":\"" + Instant.now() + "\"}").getBytes(StandardCharsets.UTF_8));
		will.setQos(1);
		will.setRetained(true);
		options.setWill(MqttTopic.STATUS.of(vin), will);
		TestCar car = TestCar.connect(broker, vin, options);
		car.publish(MqttTopic.STATUS.of(vin), "{\"online\":true,\"ts\":\"" + Instant.now() + "\"}", 1);
		car.loseConnection();

		try (KafkaTopicReader reader = new KafkaTopicReader(kafka, KafkaTopic.CONNECTIVITY.topicName(),
				(record) -> record.key().equals(vin.value()))) {
			List<ConsumerRecord<String, byte[]>> records = reader.readAtLeast(2, PATIENCE);
			assertThat(records).extracting((record) -> this.json.read(record.value(), ConnectivityChanged.class))
				.extracting(ConnectivityChanged::online)
				.containsExactly(true, false);
		}
	}

	@Test
	void forwardsVehicleEventsNormalized(TestMqttBroker broker, TestKafka kafka) {
		VehicleId vin = TestVins.fresh().next();
		Instant happened = Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
		try (TestCar car = TestCar.connect(broker, vin)) {
			car.publish(MqttTopic.EVENTS.of(vin), "{\"seq\":3,\"ts\":" + happened.toEpochMilli()
					+ ",\"type\":\"DTC\",\"data\":{\"codes\":[\"P0420\"]}}", 1);
		}
		try (KafkaTopicReader reader = new KafkaTopicReader(kafka, KafkaTopic.EVENTS.topicName(),
				(record) -> record.key().equals(vin.value()))) {
			ConsumerRecord<String, byte[]> record = reader.readAtLeast(1, PATIENCE).get(0);
			VehicleEventReported event = this.json.read(record.value(), VehicleEventReported.class);
			assertThat(event.vin()).isEqualTo(vin);
			assertThat(event.type()).isEqualTo("DTC");
			assertThat(event.ts()).isEqualTo(happened);
			assertThat(KafkaTopicReader.value(record)).contains("\"ts\":\"" + happened + "\"")
				.contains("\"vin\":\"" + vin + "\"");
		}
	}

	private record BadInput(String name, String payload, PayloadViolation expected) {

	}

}
