package com.opencar.car.process.tracing;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Carries a message's W3C trace context ({@code traceparent}) from hop to hop: an MQTT 5
 * user property, a Kafka header, a column. Each hop that handles a message with one makes
 * a span of its own, a child of the message's, and passes the child on; a message without
 * one is not traced, so untraced traffic costs nothing. Whether a span is recorded and
 * exported is the sampler's decision, which follows the car's sampled flag.
 */
public final class MessageTracing {

	/**
	 * The W3C Trace Context field, and the name of the header and property holding it.
	 */
	public static final String TRACEPARENT = "traceparent";

	private static final Propagator.Getter<Map<String, String>> GET = Map::get;

	private static final Propagator.Setter<Map<String, String>> SET = Map::put;

	private final Tracer tracer;

	private final Propagator propagator;

	/**
	 * @param tracer makes the spans
	 * @param propagator reads and writes the trace context (W3C)
	 */
	public MessageTracing(Tracer tracer, Propagator propagator) {
		this.tracer = tracer;
		this.propagator = propagator;
	}

	/**
	 * @return tracing that makes no spans, where tracing is not configured
	 */
	public static MessageTracing none() {
		return new MessageTracing(Tracer.NOOP, Propagator.NOOP);
	}

	/**
	 * Starts a span continuing the trace context.
	 * @param name the span's name
	 * @param traceParent the message's {@code traceparent}, or {@code null}
	 * @return the started span, or {@code null} if the message carries no trace context
	 */
	public Span start(String name, String traceParent) {
		if (traceParent == null || traceParent.isBlank() || this.tracer == Tracer.NOOP) {
			return null;
		}
		Map<String, String> carrier = Map.of(TRACEPARENT, traceParent);
		return this.propagator.extract(carrier, GET).name(name).kind(Span.Kind.CONSUMER).start();
	}

	/**
	 * Starts a span continuing the trace context of a Kafka record.
	 * @param name the span's name
	 * @param headers the record's headers
	 * @return the started span, or {@code null} if the record carries no trace context
	 */
	public Span start(String name, Headers headers) {
		return start(name, traceParent(headers));
	}

	/**
	 * @param span a span, or {@code null}
	 * @return its context as a {@code traceparent}, to hand to the next hop, or
	 * {@code null}
	 */
	public String traceParent(Span span) {
		if (span == null) {
			return null;
		}
		Map<String, String> carrier = new HashMap<>();
		this.propagator.inject(span.context(), carrier, SET);
		return carrier.get(TRACEPARENT);
	}

	/**
	 * @return the current span's context as a {@code traceparent}, or {@code null}
	 */
	public String currentTraceParent() {
		return traceParent(this.tracer.currentSpan());
	}

	/**
	 * Puts the span's context on a Kafka record, replacing any it carried.
	 * @param span a span, or {@code null} (then the headers stay as they are)
	 * @param headers the record's headers
	 */
	public void inject(Span span, Headers headers) {
		String traceParent = traceParent(span);
		if (traceParent != null) {
			headers.remove(TRACEPARENT);
			headers.add(TRACEPARENT, traceParent.getBytes(StandardCharsets.UTF_8));
		}
	}

	/**
	 * @param headers a Kafka record's headers
	 * @return its {@code traceparent}, or {@code null}
	 */
	public static String traceParent(Headers headers) {
		Header header = headers.lastHeader(TRACEPARENT);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	/**
	 * Ends a span, recording the failure if there was one.
	 * @param span a span, or {@code null}
	 * @param failure what went wrong, or {@code null}
	 */
	public static void end(Span span, Throwable failure) {
		if (span == null) {
			return;
		}
		if (failure != null) {
			span.error(failure);
		}
		span.end();
	}

}
