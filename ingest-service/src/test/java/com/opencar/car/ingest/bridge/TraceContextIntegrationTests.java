package com.opencar.car.ingest.bridge;

import java.time.Duration;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Import;

import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.ingest.IngestIntegrationTest;
import com.opencar.car.ingest.support.KafkaTopicReader;
import com.opencar.car.ingest.support.TestCar;
import com.opencar.car.testsupport.TestKafka;
import com.opencar.car.testsupport.TestMqttBroker;
import com.opencar.car.testsupport.TestVins;
import com.opencar.car.testsupport.tracing.RecordedSpans;
import com.opencar.car.testsupport.tracing.TraceParents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A car's W3C trace context, sent as an MQTT 5 user property, continues at ingest: the
 * message gets a span there, a child of the car's, and the Kafka record carries that
 * span's context on to the store and analytics.
 */
@IngestIntegrationTest
@Import(RecordedSpans.class)
class TraceContextIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	@Test
	void aCarsTraceContinuesAtIngestAndTravelsOnInTheKafkaRecord(TestMqttBroker broker, TestKafka kafka) {
		TestVins vins = TestVins.fresh();
		VehicleId vin = vins.next();
		String car = TraceParents.next();
		try (TestCar testCar = TestCar.connect(broker, vin)) {
			testCar.publishTelemetry(1, car);
		}
		String traceParent;
		try (KafkaTopicReader reader = new KafkaTopicReader(kafka, KafkaTopic.TELEMETRY.topicName(),
				(record) -> vins.owns(record.key()))) {
			ConsumerRecord<String, byte[]> record = reader.readAtLeast(1, PATIENCE).get(0);
			traceParent = KafkaTopicReader.header(record, "traceparent");
		}
		// the same trace, the ingest's span as the next hop's parent, still sampled
		assertThat(TraceParents.traceId(traceParent)).isEqualTo(TraceParents.traceId(car));
		assertThat(TraceParents.spanId(traceParent)).isNotEqualTo(TraceParents.spanId(car));
		assertThat(traceParent).endsWith("-01");

		await().atMost(PATIENCE).untilAsserted(() -> {
			assertThat(RecordedSpans.inTrace(TraceParents.traceId(car))).singleElement().satisfies((span) -> {
				assertThat(span.getName()).isEqualTo("ingest " + KafkaTopic.TELEMETRY.topicName());
				assertThat(span.getSpanId()).isEqualTo(TraceParents.spanId(traceParent));
				assertThat(span.getParentSpanId()).isEqualTo(TraceParents.spanId(car));
				assertThat(span.getAttributes().get(AttributeKey.stringKey("vin"))).isEqualTo(vin.value());
				assertThat(span.hasEnded()).isTrue();
			});
		});
	}

	@Test
	void aMessageWithoutTraceContextIsNotTraced(TestMqttBroker broker, TestKafka kafka) {
		TestVins vins = TestVins.fresh();
		VehicleId vin = vins.next();
		try (TestCar testCar = TestCar.connect(broker, vin)) {
			testCar.publishTelemetry(1);
		}
		try (KafkaTopicReader reader = new KafkaTopicReader(kafka, KafkaTopic.TELEMETRY.topicName(),
				(record) -> vins.owns(record.key()))) {
			ConsumerRecord<String, byte[]> record = reader.readAtLeast(1, PATIENCE).get(0);
			assertThat(record.headers().lastHeader("traceparent")).isNull();
		}
		assertThat(RecordedSpans.all()).map(SpanData::getAttributes)
			.noneMatch((attributes) -> vin.value().equals(attributes.get(AttributeKey.stringKey("vin"))));
	}

}
