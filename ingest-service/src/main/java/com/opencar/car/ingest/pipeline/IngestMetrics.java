package com.opencar.car.ingest.pipeline;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import com.opencar.car.common.json.PayloadViolation;

/**
 * The service's meters, named {@code car.ingest.*}; tags are low-cardinality (never a
 * VIN).
 */
public class IngestMetrics {

	private final MeterRegistry registry;

	private final AtomicInteger inFlight;

	private final Timer kafkaSend;

	private final Counter kafkaSendFailures;

	// the counters of every message, looked up once instead of by name and tags (a new
	// id, its hash and a map lookup) for each message
	private final Map<Source, Counter> received = new EnumMap<>(Source.class);

	private final Map<String, Counter> forwarded = new ConcurrentHashMap<>();

	public IngestMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.inFlight = registry.gauge("car.ingest.in-flight", new AtomicInteger());
		this.kafkaSend = Timer.builder("car.ingest.kafka.send")
			.description("From receipt until Kafka acknowledged the record")
			.publishPercentileHistogram()
			.register(registry);
		this.kafkaSendFailures = Counter.builder("car.ingest.kafka.send.failures")
			.description("Sends Kafka did not acknowledge in time; the message is retried, not lost")
			.register(registry);
		for (Source source : Source.values()) {
			this.received.put(source,
					registry.counter("car.ingest.messages.received", "source", source.name().toLowerCase()));
		}
	}

	void received(Source source) {
		this.received.get(source).increment();
	}

	void forwarded(String kafkaTopic) {
		this.forwarded
			.computeIfAbsent(kafkaTopic,
					(topic) -> this.registry.counter("car.ingest.messages.forwarded", "topic", topic))
			.increment();
	}

	void deadLettered(PayloadViolation reason, Source source) {
		this.registry
			.counter("car.ingest.messages.dead-lettered", "reason", reason.name(), "source",
					source.name().toLowerCase())
			.increment();
	}

	/**
	 * A message given up without reaching Kafka: a QoS 0 message past the bridge's bound,
	 * or a dead letter Kafka refused too.
	 * @param reason why, a stable low-cardinality name
	 */
	public void dropped(String reason) {
		this.registry.counter("car.ingest.messages.dropped", "reason", reason).increment();
	}

	void rejected(PayloadViolation reason) {
		this.registry.counter("car.ingest.http.rejected", "reason", reason.name()).increment();
	}

	/**
	 * A message entered the bridge and waits for Kafka.
	 */
	public void inFlightIncrement() {
		this.inFlight.incrementAndGet();
	}

	/**
	 * A message left the bridge: acknowledged to the broker.
	 * @return how many are still in flight
	 */
	public int inFlightDecrement() {
		return this.inFlight.decrementAndGet();
	}

	public Timer kafkaSend() {
		return this.kafkaSend;
	}

	public void kafkaSendFailed() {
		this.kafkaSendFailures.increment();
	}

}
