package com.opencar.car.store;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.telemetry.TelemetryReported;
import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.store.support.StoreIntegrationTest;
import com.opencar.car.store.support.StoreTopics;
import com.opencar.car.testsupport.TestVins;
import com.opencar.car.testsupport.tracing.RecordedSpans;
import com.opencar.car.testsupport.tracing.TraceParents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A record that came with trace context (the ingest's span) gets a span in each sink that
 * writes it, a child of the ingest's: PostgreSQL's time series and state, MongoDB's raw
 * documents.
 */
@StoreIntegrationTest
@Import(RecordedSpans.class)
class TraceContextIntegrationTests {

	@Autowired
	private StoreTopics topics;

	@Autowired
	private VehicleJson json;

	@Test
	void eachSinkContinuesTheTraceOfTheRecordItWrites() {
		VehicleId vin = TestVins.fresh().next();
		String ingest = TraceParents.next();
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(KafkaTopic.TELEMETRY.topicName(), vin.value(),
				this.json.write(new TelemetryReported(vin, 1, Instant.now(), Map.of("Vehicle.Speed", 42))));
		record.headers().add("traceparent", ingest.getBytes(StandardCharsets.UTF_8));
		RecordMetadata sent = this.topics.publish(record);
		this.topics.awaitConsumed(List.of(sent), "store-postgres-telemetry", "store-mongo-raw");

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			List<SpanData> spans = RecordedSpans.inTrace(TraceParents.traceId(ingest));
			assertThat(spans).extracting(SpanData::getName).contains("store postgres-telemetry", "store mongo-raw");
			assertThat(spans).allSatisfy((span) -> {
				assertThat(span.getParentSpanId()).isEqualTo(TraceParents.spanId(ingest));
				assertThat(span.hasEnded()).isTrue();
			});
		});
	}

}
