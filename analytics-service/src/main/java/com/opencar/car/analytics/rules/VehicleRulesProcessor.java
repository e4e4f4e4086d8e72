package com.opencar.car.analytics.rules;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import com.opencar.car.common.alert.AlertRaised;
import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.telemetry.ConnectivityChanged;
import com.opencar.car.common.telemetry.TelemetryReported;
import com.opencar.car.common.telemetry.VehicleEventReported;
import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.process.tracing.MessageTracing;

/**
 * Runs {@link VehicleRules} over one task's vehicles: each record of the telemetry,
 * events and connectivity topics (all keyed by VIN, so one vehicle's records meet in one
 * task) is applied to the vehicle's stored state; alerts go downstream to
 * {@code vehicle.alerts.v1}, finished trips into the {@code vehicle-trips} store. A
 * wall-clock punctuation applies the idle rules (silence, trips of cars gone quiet).
 */
class VehicleRulesProcessor implements Processor<String, byte[], String, byte[]> {

	private final VehicleRules rules;

	private final VehicleJson json;

	private final MeterRegistry meters;

	private final Clock clock;

	private final RulesTopology.Settings settings;

	private ProcessorContext<String, byte[]> context;

	private KeyValueStore<String, VehicleAnalysisState> states;

	private KeyValueStore<String, List<Trip>> trips;

	private final MessageTracing tracing;

	/** The span of the record being processed, which its alerts continue; or none. */
	private Span processing;

	VehicleRulesProcessor(VehicleRules rules, VehicleJson json, MeterRegistry meters, Clock clock,
			RulesTopology.Settings settings, MessageTracing tracing) {
		this.tracing = tracing;
		this.rules = rules;
		this.json = json;
		this.meters = meters;
		this.clock = clock;
		this.settings = settings;
	}

	@Override
	public void init(ProcessorContext<String, byte[]> context) {
		this.context = context;
		this.states = context.getStateStore(RulesTopology.STATE_STORE);
		this.trips = context.getStateStore(RulesTopology.TRIPS_STORE);
		context.schedule(this.settings.idleCheckInterval(), PunctuationType.WALL_CLOCK_TIME, (timestamp) -> idle());
	}

	@Override
	public void process(Record<String, byte[]> record) {
		String topic = this.context.recordMetadata().map(RecordMetadata::topic).orElse("");
		// the ingest validated these; one that still does not parse
		// (InvalidPayloadException)
		// is dead-lettered by DeadLetteringExceptionHandler and the stream goes on
		String traceParent = MessageTracing.traceParent(record.headers());
		this.processing = (traceParent != null) ? this.tracing.start("analyse " + topic, traceParent) : null;
		RuntimeException failure = null;
		try {
			KeyValue<String, VehicleRules.Outcome> outcome = apply(topic, record.value());
			if (outcome != null) {
				store(outcome.key, outcome.value);
			}
		}
		catch (RuntimeException ex) {
			failure = ex;
			throw ex;
		}
		finally {
			MessageTracing.end(this.processing, failure);
			this.processing = null;
		}
	}

	/**
	 * The vehicle (from the payload, which the ingest checked against the topic) and the
	 * outcome.
	 */
	private KeyValue<String, VehicleRules.Outcome> apply(String topic, byte[] value) {
		if (KafkaTopic.TELEMETRY.topicName().equals(topic)) {
			TelemetryReported telemetry = this.json.read(value, TelemetryReported.class);
			return KeyValue.pair(telemetry.vin().value(),
					this.rules.telemetry(state(telemetry.vin()), telemetry, this.clock.instant()));
		}
		if (KafkaTopic.EVENTS.topicName().equals(topic)) {
			VehicleEventReported event = this.json.read(value, VehicleEventReported.class);
			return KeyValue.pair(event.vin().value(),
					this.rules.event(state(event.vin()), event, this.clock.instant()));
		}
		if (KafkaTopic.CONNECTIVITY.topicName().equals(topic)) {
			ConnectivityChanged change = this.json.read(value, ConnectivityChanged.class);
			return KeyValue.pair(change.vin().value(),
					this.rules.connectivity(state(change.vin()), change, this.clock.instant()));
		}
		return null;
	}

	private void idle() {
		List<KeyValue<String, VehicleRules.Outcome>> changed = new ArrayList<>();
		try (KeyValueIterator<String, VehicleAnalysisState> all = this.states.all()) {
			while (all.hasNext()) {
				KeyValue<String, VehicleAnalysisState> entry = all.next();
				VehicleRules.Outcome outcome = this.rules.idle(VehicleId.of(entry.key), entry.value,
						this.clock.instant());
				if (outcome.state() != entry.value) {
					changed.add(KeyValue.pair(entry.key, outcome));
				}
			}
		}
		changed.forEach((entry) -> store(entry.key, entry.value));
	}

	private void store(String vin, VehicleRules.Outcome outcome) {
		this.states.put(vin, outcome.state());
		if (!outcome.trips().isEmpty()) {
			List<Trip> recent = new ArrayList<>(outcome.trips());
			List<Trip> earlier = this.trips.get(vin);
			if (earlier != null) {
				recent.addAll(earlier.subList(0, Math.min(earlier.size(), this.settings.keepTrips() - recent.size())));
			}
			recent.sort((a, b) -> b.start().compareTo(a.start()));
			this.trips.put(vin, List.copyOf(recent));
			this.meters.counter("car.analytics.trips").increment(outcome.trips().size());
		}
		for (AlertRaised alert : outcome.alerts()) {
			this.meters.counter("car.analytics.alerts", "type", alert.type().name()).increment();
			Record<String, byte[]> raised = new Record<>(vin, this.json.write(alert), alert.ts().toEpochMilli());
			// an alert a traced record raised goes on in its trace
			this.tracing.inject(this.processing, raised.headers());
			this.context.forward(raised);
		}
	}

	private VehicleAnalysisState state(VehicleId vin) {
		VehicleAnalysisState state = this.states.get(vin.value());
		return (state != null) ? state : VehicleAnalysisState.initial();
	}

}
