package com.opencar.car.analytics.rules;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.ProducerRecord;
import com.opencar.car.analytics.AnalyticsProperties;
import com.opencar.car.analytics.streams.DeadLetteringExceptionHandler;
import com.opencar.car.analytics.streams.StreamsDeadLetters;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import com.opencar.car.common.alert.AlertRaised;
import com.opencar.car.common.alert.AlertSeverity;
import com.opencar.car.common.alert.AlertType;
import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.signal.VssSignal;
import com.opencar.car.common.telemetry.ConnectivityChanged;
import com.opencar.car.common.telemetry.TelemetryReported;
import com.opencar.car.common.telemetry.VehicleEventReported;
import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.common.topic.RecordHeaders;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.process.tracing.MessageTracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Each rule through the real topology, driven by {@link TopologyTestDriver}.
 */
class RulesTopologyTests {

	private static final VehicleId CAR = VehicleId.of("WVWZZZ1JZXW000R01");

	private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");

	private final VehicleJson json = new VehicleJson();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final MutableClock clock = new MutableClock(T0);

	private TopologyTestDriver driver;

	private TestInputTopic<String, String> telemetry;

	private TestInputTopic<String, String> events;

	private TestInputTopic<String, String> connectivity;

	private TestOutputTopic<String, String> alerts;

	private long seq;

	private final List<ProducerRecord<byte[], byte[]>> deadLetters = new CopyOnWriteArrayList<>();

	@BeforeEach
	void startTopology() throws Exception {
		Map<String, String> config = new HashMap<>();
		config.put("car.analytics.rules.geofences[0].name", "depot");
		config.put("car.analytics.rules.geofences[0].center.latitude", "52.52");
		config.put("car.analytics.rules.geofences[0].center.longitude", "13.405");
		config.put("car.analytics.rules.geofences[0].radius-meters", "500");
		config.put("car.analytics.rules.geofences[1].name", "airport");
		config.put("car.analytics.rules.geofences[1].polygon[0].latitude", "52.36");
		config.put("car.analytics.rules.geofences[1].polygon[0].longitude", "13.49");
		config.put("car.analytics.rules.geofences[1].polygon[1].latitude", "52.36");
		config.put("car.analytics.rules.geofences[1].polygon[1].longitude", "13.53");
		config.put("car.analytics.rules.geofences[1].polygon[2].latitude", "52.38");
		config.put("car.analytics.rules.geofences[1].polygon[2].longitude", "13.53");
		config.put("car.analytics.rules.geofences[1].polygon[3].latitude", "52.38");
		config.put("car.analytics.rules.geofences[1].polygon[3].longitude", "13.49");
		AnalyticsProperties properties = new Binder(new MapConfigurationPropertySource(config))
			.bindOrCreate("car.analytics", AnalyticsProperties.class);

		StreamsBuilder builder = new StreamsBuilder();
		KStream<String, byte[]> telemetryStream = builder.stream(KafkaTopic.TELEMETRY.topicName(),
				Consumed.with(Serdes.String(), Serdes.ByteArray()));
		new RulesTopology().alertStream(builder, telemetryStream, new VehicleRules(properties), properties, this.meters,
				this.clock, MessageTracing.none());
		Properties streams = new Properties();
		streams.put(StreamsConfig.APPLICATION_ID_CONFIG, "rules-test");
		streams.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
		streams.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("rules-test").toString());
		streams.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetteringExceptionHandler.class);
		streams.put(StreamsDeadLetters.CONFIG, new StreamsDeadLetters((record) -> {
			this.deadLetters.add(record);
			return CompletableFuture.completedFuture(null);
		}, this.meters, () -> {
		}));
		this.driver = new TopologyTestDriver(builder.build(), streams, T0);
		this.telemetry = input(KafkaTopic.TELEMETRY);
		this.events = input(KafkaTopic.EVENTS);
		this.connectivity = input(KafkaTopic.CONNECTIVITY);
		this.alerts = this.driver.createOutputTopic(KafkaTopic.ALERTS.topicName(), new StringDeserializer(),
				new StringDeserializer());
	}

	@AfterEach
	void stopTopology() {
		this.driver.close();
	}

	@Test
	void harshBrakingFromTheMeasuredAccelerationAlertsOncePerEpisode() {
		for (double acceleration : new double[] { -2, -5, -6, -1, -4.5 }) {
			sample(1, Map.of(VssSignal.ACCELERATION_LONGITUDINAL.path(), acceleration, VssSignal.SPEED.path(), 50));
		}
		List<AlertRaised> raised = alerts();
		assertThat(raised).extracting(AlertRaised::type)
			.containsExactly(AlertType.HARSH_BRAKING, AlertType.HARSH_BRAKING);
		assertThat(raised.get(0).severity()).isEqualTo(AlertSeverity.WARNING);
		assertThat(raised.get(0).data()).containsEntry("decelerationMs2", 5.0).containsEntry("thresholdMs2", 4.0);
		assertThat(raised.get(0).ts()).isEqualTo(T0.plusSeconds(2));
	}

	@Test
	void harshBrakingAndAccelerationDerivedFromSpeedWhenNoAccelerationIsReported() {
		speed(1, 100);
		speed(1, 80); // −5.6 m/s²
		speed(1, 80);
		speed(10, 0); // too far apart to judge
		speed(1, 15); // +4.2 m/s²
		assertThat(alerts()).extracting(AlertRaised::type)
			.containsExactly(AlertType.HARSH_BRAKING, AlertType.HARSH_ACCELERATION);
	}

	@Test
	void overspeedAlertsWhenTheCarGoesOverTheLimitNotOnEverySample() {
		for (double speed : new double[] { 120, 135, 140, 125, 131 }) {
			speed(60, speed);
		}
		List<AlertRaised> raised = alerts();
		assertThat(raised).extracting(AlertRaised::type).containsExactly(AlertType.OVERSPEED, AlertType.OVERSPEED);
		assertThat(raised.get(0).data()).containsEntry("speedKmh", 135.0).containsEntry("limitKmh", 130.0);
	}

	@Test
	void lowBatteryAlertsAgainOnlyAfterTheChargeRecovered() {
		for (double soc : new double[] { 16, 14, 12, 18, 14, 21, 14 }) {
			sample(60, Map.of(VssSignal.STATE_OF_CHARGE.path(), soc));
		}
		List<AlertRaised> raised = alerts();
		assertThat(raised).extracting(AlertRaised::type).containsExactly(AlertType.LOW_BATTERY, AlertType.LOW_BATTERY);
		assertThat(raised).extracting(AlertRaised::ts).containsExactly(T0.plusSeconds(120), T0.plusSeconds(420));
	}

	@Test
	void crashFromTheAccelerationMagnitudeOrACrashOrAirbagEvent() {
		sample(1,
				Map.of(VssSignal.ACCELERATION_LONGITUDINAL.path(), -30.0, VssSignal.ACCELERATION_LATERAL.path(), 30.0));
		event("CRASH", Map.of("severity", "high"));
		event("AIRBAG", Map.of());
		List<AlertRaised> raised = alerts();
		// a crash decelerates harshly too
		assertThat(raised).extracting(AlertRaised::type)
			.containsExactly(AlertType.HARSH_BRAKING, AlertType.CRASH, AlertType.CRASH, AlertType.CRASH);
		raised = raised.subList(1, 4);
		assertThat(raised).allSatisfy((alert) -> assertThat(alert.severity()).isEqualTo(AlertSeverity.CRITICAL))
			.extracting((alert) -> alert.data().get("source"))
			.containsExactly("acceleration", "CRASH", "AIRBAG");
		assertThat(((Number) raised.get(0).data().get("accelerationMs2")).doubleValue()).isCloseTo(42.43, within(0.01));
	}

	@Test
	void diagnosticTroubleCodeEventsRaiseAnAlertWithTheCode() {
		event("DTC", Map.of("code", "P0420", "description", "Catalyst efficiency below threshold"));
		event("DOOR", Map.of("open", true));
		List<AlertRaised> raised = alerts();
		assertThat(raised).singleElement().satisfies((alert) -> {
			assertThat(alert.type()).isEqualTo(AlertType.DIAGNOSTIC_TROUBLE_CODE);
			assertThat(alert.data()).containsEntry("code", "P0420");
		});
	}

	@Test
	void geofenceEnterAndExitForCirclesAndPolygons() {
		position(52.50, 13.40); // outside both
		position(52.521, 13.406); // depot (circle)
		position(52.522, 13.404); // still there
		position(52.37, 13.51); // airport (polygon), left the depot
		position(52.40, 13.51); // outside both
		assertThat(alerts()).extracting((alert) -> alert.type() + " " + alert.data().get("geofence"))
			.containsExactly("GEOFENCE_ENTER depot", "GEOFENCE_EXIT depot", "GEOFENCE_ENTER airport",
					"GEOFENCE_EXIT airport");
	}

	@Test
	void anOnlineCarThatSendsNothingIsReportedSilentOnce() {
		VehicleId quiet = VehicleId.of("WVWZZZ1JZXW000R02");
		this.connectivity.pipeInput(CAR.value(), new String(this.json.write(new ConnectivityChanged(CAR, true, T0))));
		this.connectivity.pipeInput(quiet.value(),
				new String(this.json.write(new ConnectivityChanged(quiet, true, T0))));
		this.connectivity.pipeInput(quiet.value(),
				new String(this.json.write(new ConnectivityChanged(quiet, false, T0.plusSeconds(1)))));
		wallClock(Duration.ofMinutes(4));
		assertThat(alerts()).isEmpty();
		wallClock(Duration.ofMinutes(2));
		wallClock(Duration.ofMinutes(10));
		List<AlertRaised> raised = alerts();
		assertThat(raised).singleElement().satisfies((alert) -> {
			assertThat(alert.vin()).isEqualTo(CAR);
			assertThat(alert.type()).isEqualTo(AlertType.VEHICLE_SILENT);
			assertThat(alert.data()).containsEntry("thresholdSeconds", 300L);
		});
		// heard from again, then silent again: a new alert
		speed(1, 0);
		wallClock(Duration.ofMinutes(6));
		assertThat(alerts()).extracting(AlertRaised::type).containsExactly(AlertType.VEHICLE_SILENT);
	}

	@Test
	void aRedeliveredSampleRaisesNoSecondAlert() {
		String sample = new String(this.json.write(new TelemetryReported(CAR, 7, T0, Map.of("Vehicle.Speed", 150))));
		this.telemetry.pipeInput(CAR.value(), sample);
		this.telemetry.pipeInput(CAR.value(), sample);
		assertThat(alerts()).hasSize(1);
	}

	@Test
	void anUnreadableRecordIsDeadLetteredWithItsReasonAndTheStreamGoesOn() {
		this.telemetry.pipeInput(CAR.value(), "{not json");
		this.telemetry.pipeInput(CAR.value(), "{\"vin\":\"" + CAR + "\",\"seq\":9,\"ts\":0,\"signals\":{}");
		speed(1, 150);
		assertThat(alerts()).extracting(AlertRaised::type).containsExactly(AlertType.OVERSPEED);
		assertThat(this.deadLetters).hasSize(2).allSatisfy((record) -> {
			assertThat(record.topic()).isEqualTo(KafkaTopic.TELEMETRY.deadLetterTopicName());
			assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(CAR.value());
			assertThat(new String(record.headers().lastHeader(RecordHeaders.DLT_SINK).value(), StandardCharsets.UTF_8))
				.startsWith("analytics:");
		});
		assertThat(this.deadLetters).extracting((record) -> new String(record.value(), StandardCharsets.UTF_8))
			.containsExactly("{not json", "{\"vin\":\"" + CAR + "\",\"seq\":9,\"ts\":0,\"signals\":{}");
		assertThat(this.deadLetters)
			.extracting((record) -> new String(record.headers().lastHeader(RecordHeaders.DLT_REASON).value(),
					StandardCharsets.UTF_8))
			.containsExactly("NOT_JSON", "TRUNCATED");
		assertThat(this.meters
			.counter("car.analytics.records.dead-lettered", "topic", KafkaTopic.TELEMETRY.topicName(), "reason",
					"NOT_JSON")
			.count()).isEqualTo(1);
	}

	@Test
	void alertIdsDependOnTheVehicleRuleAndSampleSoReprocessingRaisesTheSameAlert() {
		speed(1, 150);
		AlertRaised first = alerts().get(0);
		stopTopology();
		this.seq = 0;
		this.clock.set(T0);
		try {
			startTopology();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		speed(1, 150);
		assertThat(alerts().get(0).alertId()).isEqualTo(first.alertId());
	}

	@Test
	void drivingBecomesATripThatEndsAfterAStopLongerThanTheGap() {
		// 10 minutes north at 60 km/h (1 km per minute), the battery losing 0.1 % per
		// minute
		double latitude = 52.0;
		for (int minute = 0; minute <= 10; minute++) {
			drive(60, 60, latitude + minute * 1 / 111.195, 13.0, 80 - minute * 0.1);
		}
		// parked for 6 minutes: the trip ends at the last moving sample
		for (int minute = 1; minute <= 6; minute++) {
			drive(60, 0, latitude + 10 / 111.195, 13.0, 79);
		}
		List<Trip> trips = trips();
		assertThat(trips).singleElement().satisfies((trip) -> {
			assertThat(trip.vin()).isEqualTo(CAR.value());
			assertThat(trip.durationSeconds()).isEqualTo(600);
			assertThat(trip.distanceKm()).isCloseTo(10.0, within(0.05));
			assertThat(trip.maxSpeedKmh()).isEqualTo(60.0);
			assertThat(trip.averageSpeedKmh()).isEqualTo(60.0);
			assertThat(trip.energyUsedPercent()).isCloseTo(1.0, within(0.01));
			assertThat(trip.harshEvents()).isZero();
		});
	}

	@Test
	void aTripOfACarThatWentQuietIsClosedByTheWallClock() {
		for (int minute = 0; minute <= 5; minute++) {
			drive(60, 60, 52.0 + minute / 111.195, 13.0, 70);
		}
		assertThat(trips()).isEmpty();
		wallClock(Duration.ofMinutes(6));
		assertThat(trips()).singleElement()
			.satisfies((trip) -> assertThat(trip.distanceKm()).isCloseTo(5, within(0.05)));
	}

	@Test
	void manoeuvringIsNotATrip() {
		drive(1, 5, 52.0, 13.0, 70);
		drive(5, 5, 52.0001, 13.0, 70);
		wallClock(Duration.ofMinutes(6));
		assertThat(trips()).isEmpty();
	}

	@Test
	void drivingTotalsFeedTheDriverScore() {
		for (int minute = 0; minute <= 10; minute++) {
			drive(60, (minute % 2 == 0) ? 140 : 100, 52.0 + minute * 2 / 111.195, 13.0, 70);
		}
		sample(1, Map.of(VssSignal.ACCELERATION_LONGITUDINAL.path(), -6.0, VssSignal.SPEED.path(), 90));
		VehicleAnalysisState state = this.driver
			.<String, VehicleAnalysisState>getKeyValueStore(RulesTopology.STATE_STORE)
			.get(CAR.value());
		assertThat(state.totals().distanceKm()).isCloseTo(20.0, within(0.1));
		assertThat(state.totals().harshBraking()).isEqualTo(1);
		// overspeed counted from each sample over the limit onwards: 5 of the 10 minutes
		assertThat(state.totals().overspeedSeconds() / state.totals().drivingSeconds()).isCloseTo(0.5, within(0.01));
	}

	private List<Trip> trips() {
		KeyValueStore<String, List<Trip>> store = this.driver.getKeyValueStore(RulesTopology.TRIPS_STORE);
		List<Trip> trips = store.get(CAR.value());
		return (trips != null) ? trips : List.of();
	}

	private void drive(int secondsLater, double speed, double latitude, double longitude, double soc) {
		sample(secondsLater, Map.of(VssSignal.SPEED.path(), speed, VssSignal.LATITUDE.path(), latitude,
				VssSignal.LONGITUDE.path(), longitude, VssSignal.STATE_OF_CHARGE.path(), soc));
	}

	private void speed(int secondsLater, double speed) {
		sample(secondsLater, Map.of(VssSignal.SPEED.path(), speed));
	}

	private void position(double latitude, double longitude) {
		sample(1, Map.of(VssSignal.LATITUDE.path(), latitude, VssSignal.LONGITUDE.path(), longitude));
	}

	/**
	 * A telemetry sample {@code secondsLater} than the previous (the first at T0 + that).
	 */
	private void sample(int secondsLater, Map<String, Object> signals) {
		this.clock.advance(Duration.ofSeconds(secondsLater));
		Instant ts = this.clock.instant();
		this.telemetry.pipeInput(CAR.value(),
				new String(this.json.write(new TelemetryReported(CAR, ++this.seq, ts, new LinkedHashMap<>(signals)))),
				ts);
	}

	private void event(String type, Map<String, Object> data) {
		this.clock.advance(Duration.ofSeconds(1));
		this.events.pipeInput(CAR.value(), new String(
				this.json.write(new VehicleEventReported(CAR, ++this.seq, this.clock.instant(), type, data))));
	}

	private void wallClock(Duration duration) {
		this.clock.advance(duration);
		this.driver.advanceWallClockTime(duration);
	}

	private List<AlertRaised> alerts() {
		return this.alerts.readValuesToList()
			.stream()
			.map((value) -> this.json.read(value.getBytes(), AlertRaised.class))
			.toList();
	}

	private TestInputTopic<String, String> input(KafkaTopic topic) {
		return this.driver.createInputTopic(topic.topicName(), new StringSerializer(), new StringSerializer(), T0,
				Duration.ZERO);
	}

	/**
	 * The rules' notion of now, moved by the test together with the driver's wall clock.
	 */
	static final class MutableClock extends Clock {

		private Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		void set(Instant instant) {
			this.now = instant;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}

}
