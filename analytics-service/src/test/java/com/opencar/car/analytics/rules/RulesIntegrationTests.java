package com.opencar.car.analytics.rules;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import com.opencar.car.analytics.AnalyticsIntegrationTest;
import com.opencar.car.analytics.StoreViews;
import com.opencar.car.common.alert.AlertRaised;
import com.opencar.car.common.alert.AlertType;
import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.signal.VssSignal;
import com.opencar.car.common.telemetry.TelemetryReported;
import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.common.topic.RecordHeaders;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.testsupport.TestKafka;
import com.opencar.car.testsupport.TestPostgres;
import com.opencar.car.testsupport.tracing.RecordedSpans;
import com.opencar.car.testsupport.tracing.TraceParents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The rules end to end on the real Kafka broker: telemetry in, alerts out on
 * {@code vehicle.alerts.v1}, the trip and the driver score through the API.
 */
@AnalyticsIntegrationTest
class RulesIntegrationTests {

	private static final VehicleId CAR = VehicleId.of("WVWZZZ1JZXW000E01");

	private static TestKafka kafka;

	private static StoreViews views;

	private final VehicleJson json = new VehicleJson();

	@Autowired
	private KafkaTemplate<String, String> template;

	@Autowired
	private RestTestClient client;

	@Autowired
	private MeterRegistry meters;

	@BeforeAll
	static void createTopicsAndViews(TestKafka testKafka, TestPostgres postgres) {
		kafka = testKafka;
		views = StoreViews.create(postgres);
	}

	@Test
	void speedingTripBecomesAnAlertOnKafkaATripAndAScore() {
		views.vehicle(CAR.value(), true, Instant.now(), "{}");
		Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		// 1.2 km north in 30 s (144 km/h), one sample a second
		for (int second = 0; second <= 30; second++) {
			TelemetryReported sample = new TelemetryReported(CAR, second, start.plusSeconds(second),
					Map.of(VssSignal.SPEED.path(), 144.0, VssSignal.LATITUDE.path(), 52.0 + second * 0.04 / 111.195,
							VssSignal.LONGITUDE.path(), 13.0));
			this.template.send(new ProducerRecord<>(KafkaTopic.TELEMETRY.topicName(), null, sample.ts().toEpochMilli(),
					CAR.value(), new String(this.json.write(sample))));
		}
		this.template.flush();

		List<AlertRaised> alerts = new ArrayList<>();
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
						ConsumerConfig.GROUP_ID_CONFIG, "rules-test-" + UUID.randomUUID(),
						ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new StringDeserializer(), new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(KafkaTopic.ALERTS.topicName()));
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					if (CAR.value().equals(record.key())) {
						alerts.add(this.json.read(record.value(), AlertRaised.class));
					}
				}
				assertThat(alerts).extracting(AlertRaised::type).contains(AlertType.OVERSPEED);
			});
		}
		assertThat(alerts).filteredOn((alert) -> alert.type() == AlertType.OVERSPEED)
			.singleElement()
			.satisfies((alert) -> assertThat(alert.ts()).isEqualTo(start));

		// the trip ends once the car has been quiet for the gap (3 s in these tests)
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> this.client.get()
				.uri("/api/v1/vehicles/" + CAR + "/trips")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.length()")
				.isEqualTo(1)
				.jsonPath("$[0].durationSeconds")
				.isEqualTo(30)
				.jsonPath("$[0].maxSpeedKmh")
				.isEqualTo(144.0)
				.jsonPath("$[0].distanceKm")
				.value(Double.class, (km) -> assertThat(km).isBetween(1.19, 1.21)));
		this.client.get()
			.uri("/api/v1/vehicles/" + CAR + "/driver-score")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.distanceKm")
			.value(Double.class, (km) -> assertThat(km).isBetween(1.19, 1.21))
			.jsonPath("$.overspeedShare")
			.isEqualTo(1.0)
			.jsonPath("$.score")
			.isEqualTo(0.0)
			.jsonPath("$.explanation[2]")
			.value(String.class, (line) -> assertThat(line).contains("speeding 100 %"));
	}

	/**
	 * In the running service, with its Streams configuration: a record the rules cannot
	 * read goes to the topic's dead-letter topic with its reason and is counted, and the
	 * stream goes on to the next car's samples.
	 */
	@Test
	void aRecordTheRulesCannotReadIsDeadLetteredAndTheStreamGoesOn() {
		VehicleId poisoned = VehicleId.of("WVWZZZ1JZXW000E02");
		VehicleId next = VehicleId.of("WVWZZZ1JZXW000E03");
		double before = deadLettered();
		this.template.send(KafkaTopic.TELEMETRY.topicName(), poisoned.value(), "{\"seq\":1,");
		Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		for (int second = 0; second < 5; second++) {
			TelemetryReported sample = new TelemetryReported(next, second, start.plusSeconds(second),
					Map.of(VssSignal.SPEED.path(), 150.0));
			this.template.send(KafkaTopic.TELEMETRY.topicName(), next.value(), new String(this.json.write(sample)));
		}
		this.template.flush();

		List<ConsumerRecord<String, byte[]>> deadLetters = new ArrayList<>();
		List<AlertRaised> alerts = new ArrayList<>();
		try (KafkaConsumer<String, byte[]> consumer = committedReader("rules-dlt-test-")) {
			consumer.subscribe(List.of(KafkaTopic.TELEMETRY.deadLetterTopicName(), KafkaTopic.ALERTS.topicName()));
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					if (record.topic().equals(KafkaTopic.ALERTS.topicName()) && next.value().equals(record.key())) {
						alerts.add(this.json.read(record.value(), AlertRaised.class));
					}
					else if (poisoned.value().equals(record.key())) {
						deadLetters.add(record);
					}
				}
				assertThat(deadLetters).isNotEmpty();
				assertThat(alerts).extracting(AlertRaised::type).contains(AlertType.OVERSPEED);
			});
		}
		assertThat(deadLetters).allSatisfy((record) -> {
			assertThat(header(record, RecordHeaders.DLT_REASON)).isEqualTo("TRUNCATED");
			assertThat(header(record, RecordHeaders.DLT_SINK)).startsWith("analytics:");
			assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("{\"seq\":1,");
		});
		assertThat(deadLettered() - before).isEqualTo(deadLetters.size());
		this.client.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
	}

	/**
	 * A sample that came with trace context (the ingest's span) is analysed in a span of
	 * its own, and the alert it raises carries that span's context on to the store.
	 */
	@Test
	void aTracedSampleThatRaisesAnAlertPassesItsTraceOnToTheAlert() {
		VehicleId car = VehicleId.of("WVWZZZ1JZXW000E04");
		String ingest = TraceParents.next();
		TelemetryReported sample = new TelemetryReported(car, 1, Instant.now(), Map.of(VssSignal.SPEED.path(), 150.0));
		ProducerRecord<String, String> record = new ProducerRecord<>(KafkaTopic.TELEMETRY.topicName(), car.value(),
				new String(this.json.write(sample)));
		record.headers().add("traceparent", ingest.getBytes(StandardCharsets.UTF_8));
		this.template.send(record);
		this.template.flush();

		List<ConsumerRecord<String, byte[]>> alerts = new ArrayList<>();
		try (KafkaConsumer<String, byte[]> consumer = committedReader("rules-trace-test-")) {
			consumer.subscribe(List.of(KafkaTopic.ALERTS.topicName()));
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				for (ConsumerRecord<String, byte[]> polled : consumer.poll(Duration.ofMillis(200))) {
					if (car.value().equals(polled.key())) {
						alerts.add(polled);
					}
				}
				assertThat(alerts).isNotEmpty();
			});
		}
		String alertTrace = header(alerts.get(0), "traceparent");
		assertThat(TraceParents.traceId(alertTrace)).isEqualTo(TraceParents.traceId(ingest));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(RecordedSpans.inTrace(TraceParents.traceId(ingest))).singleElement()
				.satisfies((span) -> {
					assertThat(span.getName()).isEqualTo("analyse " + KafkaTopic.TELEMETRY.topicName());
					assertThat(span.getParentSpanId()).isEqualTo(TraceParents.spanId(ingest));
					assertThat(span.getSpanId()).isEqualTo(TraceParents.spanId(alertTrace));
				}));
	}

	/**
	 * A consumer of its own from the topics' start that sees only committed records, as
	 * the store reads the rules' transactional output.
	 */
	private static KafkaConsumer<String, byte[]> committedReader(String group) {
		return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
				ConsumerConfig.GROUP_ID_CONFIG, group + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
				"earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
				new ByteArrayDeserializer());
	}

	private double deadLettered() {
		return this.meters.find("car.analytics.records.dead-lettered")
			.tags("topic", KafkaTopic.TELEMETRY.topicName(), "reason", "TRUNCATED")
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
