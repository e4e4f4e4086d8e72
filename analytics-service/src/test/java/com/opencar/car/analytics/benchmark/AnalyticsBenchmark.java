package com.opencar.car.analytics.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import com.opencar.car.analytics.AnalyticsIntegrationTest;
import com.opencar.car.analytics.StoreViews;
import com.opencar.car.analytics.alert.Alerts;
import com.opencar.car.analytics.fleet.FleetOverview;
import com.opencar.car.analytics.history.BucketQuery;
import com.opencar.car.analytics.rules.RulesTopology;
import com.opencar.car.analytics.streams.Instances;
import com.opencar.car.analytics.vehicle.VehicleQuery;
import com.opencar.car.analytics.vehicle.Vehicles;
import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.signal.VssSignal;
import com.opencar.car.common.telemetry.TelemetryReported;
import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.simulator.load.Latencies;
import com.opencar.car.simulator.load.LoadGenerator;
import com.opencar.car.testsupport.TestKafka;
import com.opencar.car.testsupport.TestPostgres;
import com.opencar.car.testsupport.benchmark.BenchmarkResults;
import com.opencar.car.testsupport.benchmark.BenchmarkStage;
import com.opencar.car.testsupport.security.DevIssuer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ./mvnw -B -pl analytics-service -am test -Pbenchmark -Dtest='AnalyticsBenchmark'}.
 * <ol>
 * <li>The read APIs: {@code bench.vehicles} (1,000) vehicles and {@code bench.rows}
 * (1,000,000) telemetry rows (one per vehicle every 10 s) in the store's views on
 * PostgreSQL 17; {@code bench.clients} (8) concurrent HTTP clients call each endpoint for
 * random vehicles for {@code bench.seconds} (10 s) after a warm-up; p50/p95/p99 from
 * sending the request to the whole answer read.</li>
 * <li>Kafka Streams: {@code bench.records} (200,000) telemetry records from the vehicles
 * produced to {@code vehicle.telemetry.v1}; records/s from the first send until the
 * service's consumer group has committed them all (the rules, the fleet windows and their
 * state stores).</li>
 * </ol>
 */
@Tag("benchmark")
@AnalyticsIntegrationTest
class AnalyticsBenchmark {

	private static final int VEHICLES = Integer.getInteger("bench.vehicles", 1_000);

	private static final int ROWS = Integer.getInteger("bench.rows", 1_000_000);

	private static final int CLIENTS = Integer.getInteger("bench.clients", 8);

	private static final int SECONDS = Integer.getInteger("bench.seconds", 10);

	private static final int RECORDS = Integer.getInteger("bench.records", 200_000);

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private Vehicles vehicles;

	@Autowired
	private Alerts alerts;

	@Autowired
	private FleetOverview overview;

	@Autowired
	private Instances instances;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void apisAndStreams(TestKafka kafka, TestPostgres postgres) throws Exception {
		StoreViews views = StoreViews.create(postgres);
		views.clear();
		Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		int perVehicle = ROWS / VEHICLES;
		long seeding = System.nanoTime();
		seed(views, end, perVehicle);
		System.out.printf("seeded %,d telemetry rows for %,d vehicles in %.1f s%n", (long) perVehicle * VEHICLES,
				VEHICLES, (System.nanoTime() - seeding) / 1e9);

		// each endpoint, and beside it its query alone: the same call of the store code
		// the endpoint makes, without HTTP, security or JSON (the ceiling)
		BucketQuery buckets = new BucketQuery(this.context);
		Instant historyFrom = end.minusSeconds(perVehicle * 10L);
		List<String> fourSignals = List.of(VssSignal.SPEED.path(), VssSignal.STATE_OF_CHARGE.path(),
				VssSignal.LATITUDE.path(), VssSignal.LONGITUDE.path());
		List<String> defaultSignals = List.of(VssSignal.SPEED.path(), VssSignal.STATE_OF_CHARGE.path());
		VehicleQuery everyVehicle = VehicleQuery.of(null, null, null, null);
		List<Endpoint> endpoints = List
			.of(new Endpoint("GET /vehicles?page=&size=50", (i) -> "/api/v1/vehicles?size=50&page=" + (i % 20), (i) -> {
				this.vehicles.list(everyVehicle, (long) (i % 20) * 50, 50, null);
				this.vehicles.count(everyVehicle, null);
			}), new Endpoint("GET /vehicles/{vin}", (i) -> "/api/v1/vehicles/" + vin(i),
					(i) -> this.vehicles.find(VehicleId.of(vin(i))).orElseThrow()),
					new Endpoint("GET /vehicles/{vin}/telemetry (1 h, 120 buckets)",
							(i) -> "/api/v1/vehicles/" + vin(i) + "/telemetry", (i) -> {
								Instant now = Instant.now();
								known(i);
								buckets.query(VehicleId.of(vin(i)), defaultSignals, now.minus(Duration.ofHours(1)), now,
										Duration.ofSeconds(30));
							}),
					new Endpoint("GET /vehicles/{vin}/telemetry (whole history, 4 signals, 1 min)",
							(i) -> "/api/v1/vehicles/" + vin(i) + "/telemetry?interval=1m&from=" + historyFrom + "&to="
									+ end + "&signals=" + String.join(",", fourSignals),
							(i) -> {
								known(i);
								buckets.query(VehicleId.of(vin(i)), fourSignals, historyFrom, end,
										Duration.ofMinutes(1));
							}),
					new Endpoint("GET /fleet/summary", (i) -> "/api/v1/fleet/summary",
							(i) -> this.overview.summary(null)),
					new Endpoint("GET /alerts?vin=", (i) -> "/api/v1/alerts?vin=" + vin(i),
							(i) -> this.alerts.find(VehicleId.of(vin(i)), null,
									Instant.now().minus(Duration.ofHours(24)), 100, null)),
					new Endpoint("GET /alerts (fleet, 100 newest)", (i) -> "/api/v1/alerts",
							(i) -> this.alerts.find(null, null, Instant.now().minus(Duration.ofHours(24)), 100, null)),
					new Endpoint("GET /vehicles/{vin}/trips", (i) -> "/api/v1/vehicles/" + vin(i) + "/trips", (i) -> {
						known(i);
						this.instances.localStore(RulesTopology.TRIPS_STORE, QueryableStoreTypes.keyValueStore())
							.get(vin(i));
					}), new Endpoint("GET /vehicles/{vin}/driver-score",
							(i) -> "/api/v1/vehicles/" + vin(i) + "/driver-score", (i) -> {
								known(i);
								this.instances
									.localStore(RulesTopology.STATE_STORE, QueryableStoreTypes.keyValueStore())
									.get(vin(i));
							}));

		List<String> rows = new ArrayList<>();
		List<BenchmarkStage> stages = new ArrayList<>();
		for (Endpoint endpoint : endpoints) {
			IntConsumer api = (i) -> get(endpoint.path().apply(i));
			load(api, 2);
			Latencies.Summary latencies = measured(endpoint.name(), api, rows, "");
			load(endpoint.query(), 2);
			Latencies.Summary alone = measured(endpoint.name(), endpoint.query(), rows, " — its query alone");
			stages.add(BenchmarkStage.latency("analytics",
					"API p95 at %,d rows: %s".formatted((long) perVehicle * VEHICLES, endpoint.name()), alone.p95(),
					latencies.p95(), Map.of("p50 ms", latencies.p50(), "p99 ms", latencies.p99(), "req/s",
							(double) latencies.count() / SECONDS, "clients", (double) CLIENTS)));
		}

		double streamsRate = streams(kafka);

		System.out.println("\n## Analytics benchmark\n");
		System.out.printf(
				"Machine: %d cores, Java %s; PostgreSQL 17 (embedded), Kafka and the service in one JVM; "
						+ "%,d vehicles, %,d telemetry rows; %d concurrent clients, %d s per endpoint%n%n",
				Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), VEHICLES,
				(long) perVehicle * VEHICLES, CLIENTS, SECONDS);
		System.out.println("| endpoint | requests | req/s | p50 ms | p95 ms | p99 ms |");
		System.out.println("|---|---:|---:|---:|---:|---:|");
		rows.forEach(System.out::println);
		System.out.printf("%nKafka Streams: %,d telemetry records through the rules and fleet windows at %,.0f "
				+ "records/s%n%n", RECORDS, streamsRate);
		stages.add(BenchmarkStage.rate("analytics", "Kafka Streams rules and fleet windows", "records/s", null,
				streamsRate, Map.of("records", (double) RECORDS)));
		BenchmarkResults.record("analytics", stages);
	}

	/** One row per vehicle every 10 s back from {@code end}, generated in SQL. */
	private void seed(StoreViews views, Instant end, int perVehicle) {
		views.jdbc()
			.update("""
					insert into vehicle_state_v1 (vin, online, last_seen_at, last_sample_at, last_seq, signals)
					select vin, v % 3 <> 0, ?, ?, ?, jsonb_build_object('Vehicle.Speed', v % 120,
					  'Vehicle.Powertrain.TractionBattery.StateOfCharge.Current', 20 + v % 80,
					  'Vehicle.CurrentLocation.Latitude', 52.4 + (v % 100) * 0.002,
					  'Vehicle.CurrentLocation.Longitude', 13.3 + (v / 100) * 0.02)
					from (select v, 'BENCH' || lpad(v::text, 12, '0') as vin from generate_series(0, ? - 1) v) cars
					""", end.atOffset(java.time.ZoneOffset.UTC), end.atOffset(java.time.ZoneOffset.UTC), perVehicle,
					VEHICLES);
		views.jdbc()
			.update("""
					insert into telemetry_v1 (vin, seq, sampled_at, received_at, speed_kmh, latitude, longitude,
					  state_of_charge, odometer_km, signals)
					select 'BENCH' || lpad(v::text, 12, '0'), s, ? - (? - s) * interval '10 seconds',
					  ? - (? - s) * interval '10 seconds', (s + v) % 130, 52.4 + (s % 500) * 0.0005,
					  13.3 + (v % 100) * 0.002, 90 - (s % 700) * 0.1, 10000 + s * 0.15,
					  jsonb_build_object('Vehicle.Speed', (s + v) % 130,
					    'Vehicle.Powertrain.TractionBattery.Temperature.Average', 20 + s % 15)
					from generate_series(0, ? - 1) v, generate_series(1, ?) s
					""", end.atOffset(java.time.ZoneOffset.UTC), perVehicle, end.atOffset(java.time.ZoneOffset.UTC),
					perVehicle, VEHICLES, perVehicle);
		views.jdbc().update("""
				insert into alerts_v1 (alert_id, vin, type, severity, raised_at, data)
				select gen_random_uuid(), 'BENCH' || lpad((a % ?)::text, 12, '0'), 'OVERSPEED', 'WARNING',
				  ? - a * interval '7 seconds', '{}'::jsonb
				from generate_series(1, 20000) a
				""", VEHICLES, end.atOffset(java.time.ZoneOffset.UTC));
		views.jdbc().execute("analyze");
	}

	/**
	 * {@link #CLIENTS} requests in flight at all times for a while, through the
	 * simulator's shared load generator, each sent (blocking) on one of {@link #CLIENTS}
	 * client threads; a status other than 200 fails the request.
	 */
	private Latencies.Summary measured(String name, IntConsumer call, List<String> rows, String suffix) {
		LoadGenerator.Result result = load(call, SECONDS);
		Latencies.Summary latencies = result.latencies();
		assertThat(latencies.failed()).as(name + suffix).isZero();
		rows.add(String.format("| %s%s | %,d | %.0f | %.1f | %.1f | %.1f |", name, suffix, latencies.count(),
				result.rate(), latencies.p50(), latencies.p95(), latencies.p99()));
		return latencies;
	}

	/** What the endpoints of one vehicle ask first: whether it exists. */
	private void known(int index) {
		if (!this.vehicles.exists(VehicleId.of(vin(index)))) {
			throw new IllegalStateException(vin(index) + " is not in the store");
		}
	}

	private LoadGenerator.Result load(IntConsumer call, int seconds) {
		ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
		try {
			return new LoadGenerator(LoadGenerator.Plan.timed(Duration.ofSeconds(seconds), 0, CLIENTS)).run(
					(index) -> CompletableFuture
						.runAsync(() -> call.accept(ThreadLocalRandom.current().nextInt(VEHICLES)), clients),
					Duration.ofSeconds(30));
		}
		finally {
			clients.shutdownNow();
		}
	}

	private void get(String path) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Authorization", "Bearer " + DevIssuer.platformToken())
			.build();
		try {
			HttpResponse<byte[]> response = this.http.send(request, HttpResponse.BodyHandlers.ofByteArray());
			if (response.statusCode() != 200) {
				throw new IllegalStateException(
						request.uri() + " answered " + response.statusCode() + ": " + new String(response.body()));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private double streams(TestKafka kafka) throws Exception {
		VehicleJson json = new VehicleJson();
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
				ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
		List<byte[]> values = new ArrayList<>();
		Instant start = Instant.now();
		for (int index = 0; index < RECORDS; index++) {
			int vehicle = index % VEHICLES;
			int seq = index / VEHICLES;
			values.add(json
				.write(new TelemetryReported(VehicleId.of(vin(vehicle)), 1_000_000 + seq, start.plusMillis(seq * 1000L),
						Map.of(VssSignal.SPEED.path(), 50.0 + seq % 90, VssSignal.STATE_OF_CHARGE.path(),
								80.0 - seq * 0.01, VssSignal.LATITUDE.path(), 52.4 + seq * 0.0003,
								VssSignal.LONGITUDE.path(), 13.3 + vehicle * 0.0001))));
		}
		long started = System.nanoTime();
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
				new ByteArraySerializer())) {
			for (int index = 0; index < RECORDS; index++) {
				producer.send(new ProducerRecord<>(KafkaTopic.TELEMETRY.topicName(), vin(index % VEHICLES),
						values.get(index)));
			}
		}
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
			Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
			for (int partition = 0; partition < 4; partition++) {
				latest.put(new TopicPartition(KafkaTopic.TELEMETRY.topicName(), partition), OffsetSpec.latest());
			}
			Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
			await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
				Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("analytics")
					.partitionsToOffsetAndMetadata()
					.get();
				return ends.entrySet()
					.stream()
					.allMatch((end) -> committed.get(end.getKey()) != null
							&& committed.get(end.getKey()).offset() >= end.getValue().offset());
			});
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		assertThat(seconds).isPositive();
		return RECORDS / seconds;
	}

	private static String vin(int index) {
		return "BENCH" + String.format("%012d", index);
	}

	/**
	 * An endpoint, the path of a request for vehicle {@code i}, and the call of the store
	 * code it makes.
	 */
	private record Endpoint(String name, IntFunction<String> path, IntConsumer query) {

	}

}
