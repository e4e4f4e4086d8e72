package com.opencar.car.command.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

import com.opencar.car.command.CommandIntegrationTest;
import com.opencar.car.command.support.CommandsApi;
import com.opencar.car.command.support.TestCar;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.testsupport.TestMqttBroker;
import com.opencar.car.testsupport.TestVins;
import com.opencar.car.testsupport.tracing.RecordedSpans;
import com.opencar.car.testsupport.tracing.TraceParents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A command is one trace: the request that created it, its publish to the car (which gets
 * the trace context as a {@code traceparent} user property) and the car's answers.
 */
@CommandIntegrationTest
@Import(RecordedSpans.class)
class CommandTraceIntegrationTests {

	@Autowired
	private CommandsApi api;

	@Test
	void aCommandIsOneTraceFromTheRequestThroughTheCarToItsAnswers(TestMqttBroker broker) throws Exception {
		VehicleId vin = TestVins.fresh().next();
		String caller = TraceParents.next();
		String traceId = TraceParents.traceId(caller);
		try (TestCar car = TestCar.connect(broker, vin, "RECEIVED", "SUCCEEDED")) {
			this.api.connectivity(vin, true);
			String id = this.api.create(vin, Map.of("type", "LOCK_DOORS"), caller);
			this.api.awaitStatus(id, "SUCCEEDED");

			// the car got the publish's context
			String published = car.received()
				.get(0)
				.getProperties()
				.getUserProperties()
				.stream()
				.filter((property) -> property.getKey().equals("traceparent"))
				.map(UserProperty::getValue)
				.findFirst()
				.orElseThrow();
			assertThat(TraceParents.traceId(published)).isEqualTo(traceId);

			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				List<SpanData> spans = RecordedSpans.inTrace(traceId);
				SpanData request = spans.stream()
					.filter((span) -> span.getKind() == SpanKind.SERVER)
					.findFirst()
					.orElseThrow();
				assertThat(request.getParentSpanId()).isEqualTo(TraceParents.spanId(caller));
				SpanData publish = spans.stream()
					.filter((span) -> span.getName().equals("command publish"))
					.findFirst()
					.orElseThrow();
				assertThat(publish.getParentSpanId()).isEqualTo(request.getSpanId());
				assertThat(publish.getSpanId()).isEqualTo(TraceParents.spanId(published));
				assertThat(spans).filteredOn((span) -> span.getName().equals("command answer"))
					.hasSize(2)
					.allSatisfy((answer) -> assertThat(answer.getParentSpanId()).isEqualTo(publish.getSpanId()));
			});
		}
	}

}
