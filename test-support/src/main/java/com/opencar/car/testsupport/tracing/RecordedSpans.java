package com.opencar.car.testsupport.tracing;

import java.util.List;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Records the spans a service under test ends, as they end, in memory: import it into the
 * test's context. A span processor rather than an exporter bean, which Spring Boot would
 * also hand to its batching processor (every span twice, seconds late).
 */
@Configuration(proxyBeanMethods = false)
public class RecordedSpans {

	/** The latest context's: a closed context shuts its exporter down. */
	private static volatile InMemorySpanExporter spans = InMemorySpanExporter.create();

	@Bean
	SpanProcessor recordedSpans() {
		InMemorySpanExporter exporter = InMemorySpanExporter.create();
		spans = exporter;
		return SimpleSpanProcessor.create(exporter);
	}

	/**
	 * @return every span ended so far in the latest context
	 */
	public static List<SpanData> all() {
		return spans.getFinishedSpanItems();
	}

	/**
	 * @param traceId a trace id (32 hex digits)
	 * @return the spans ended so far in that trace
	 */
	public static List<SpanData> inTrace(String traceId) {
		return all().stream().filter((span) -> span.getTraceId().equals(traceId)).toList();
	}

}
