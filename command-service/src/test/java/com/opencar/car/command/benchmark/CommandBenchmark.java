package com.opencar.car.command.benchmark;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import com.opencar.car.command.support.CommandInstance;
import com.opencar.car.command.support.TestCar;
import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.testsupport.RealServers;
import com.opencar.car.testsupport.Server;
import com.opencar.car.testsupport.TestKafka;
import com.opencar.car.testsupport.TestMosquitto;
import com.opencar.car.testsupport.TestMqttBroker;
import com.opencar.car.testsupport.TestPostgres;
import com.opencar.car.testsupport.TestVins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The command benchmark: a harness, not a test. Run with
 * {@code ./mvnw -B -pl command-service -am test -Pbenchmark -Dtest='CommandBenchmark'};
 * it prints a Markdown table.
 * <p>
 * {@code bench.cars} cars (real MQTT 5 clients) answer every command at once with
 * RECEIVED and SUCCEEDED. Latency runs from just before the client sends the {@code POST}
 * to the time the service stored DELIVERED or SUCCEEDED (one clock: all in one JVM).
 * <ol>
 * <li>Paced: {@code bench.rate} commands/s (100) for {@code bench.seconds} (20 s).</li>
 * <li>Flat out: {@code bench.commands} (10,000) commands from {@code bench.clients} (16)
 * concurrent HTTP clients; commands/s from the first {@code POST} to the last
 * SUCCEEDED.</li>
 * </ol>
 * On Mosquitto (HiveMQ CE's shared subscriptions stall, see the README).
 */
@Tag("benchmark")
@RealServers({ Server.KAFKA, Server.MOSQUITTO, Server.POSTGRES })
class CommandBenchmark {

	private static final int CARS = Integer.getInteger("bench.cars", 100);

	private static final int RATE = Integer.getInteger("bench.rate", 100);

	private static final int SECONDS = Integer.getInteger("bench.seconds", 20);

	private static final int COMMANDS = Integer.getInteger("bench.commands", 10_000);

	private static final int CLIENTS = Integer.getInteger("bench.clients", 16);

	private final VehicleJson json = new VehicleJson();

	@Test
	void commandBenchmark(TestMosquitto mosquitto, TestKafka kafka, TestPostgres postgres) throws Exception {
		TestMqttBroker broker = mosquitto.broker();
		TestVins vins = TestVins.fresh();
		List<VehicleId> fleet = new ArrayList<>();
		List<TestCar> cars = new ArrayList<>();
		try (CommandInstance service = CommandInstance.start(broker, kafka, postgres,
				"command-bench-" + UUID.randomUUID(),
				Map.of("car.command.delivery.shared-group", "bench-" + UUID.randomUUID()))) {
			for (int index = 0; index < CARS; index++) {
				VehicleId vin = vins.next();
				fleet.add(vin);
				cars.add(TestCar.connect(broker, vin, "RECEIVED", "SUCCEEDED"));
				service.connectivity(vin, true);
			}
			// every car online as far as the service knows
			JdbcClient jdbc = service.bean(JdbcClient.class);
			await().atMost(Duration.ofSeconds(60))
				.until(() -> jdbc.sql("select count(*) from vehicle_connectivity where online and vin like ?")
					.param(fleet.get(0).value().substring(0, 7) + "%")
					.query(Long.class)
					.single() == CARS);
			// warm-up: JIT, connection pools
			run(service, fleet, 1_000, CLIENTS);

			Result paced = paced(service, fleet);
			Result flatOut = run(service, fleet, COMMANDS, CLIENTS);

			System.out.println("\n## Command benchmark\n");
			System.out.printf(
					"Machine: %d cores, Java %s; Kafka, PostgreSQL 17 (embedded, fsync off), the service and %d cars "
							+ "in one JVM, Mosquitto as a child process%n%n",
					Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), CARS);
			System.out.println(
					"| run | commands | commands/s | POST→DELIVERED p50 / p99 / max (ms) | POST→SUCCEEDED p50 / p99 / max (ms) |");
			System.out.println("|---|---:|---:|---:|---:|");
			System.out.println(paced.row("paced at " + RATE + "/s"));
			System.out.println(flatOut.row("flat out, " + CLIENTS + " clients"));
			System.out.println();
		}
		finally {
			for (TestCar car : cars) {
				car.close();
			}
		}
	}

	private Result paced(CommandInstance service, List<VehicleId> fleet) throws Exception {
		int total = RATE * SECONDS;
		Map<String, Instant> posted = new ConcurrentHashMap<>();
		AtomicInteger next = new AtomicInteger();
		ScheduledExecutorService pacer = Executors.newScheduledThreadPool(4);
		Instant started = Instant.now();
		try {
			long periodMicros = 1_000_000L / RATE;
			pacer.scheduleAtFixedRate(() -> {
				int index = next.getAndIncrement();
				if (index < total) {
					Instant at = Instant.now();
					posted.put(create(service, fleet.get(index % fleet.size())), at);
				}
			}, 0, periodMicros, TimeUnit.MICROSECONDS);
			await().atMost(Duration.ofSeconds(SECONDS + 60)).until(() -> posted.size() >= total);
		}
		finally {
			pacer.shutdownNow();
		}
		return finish(service, posted, started);
	}

	private Result run(CommandInstance service, List<VehicleId> fleet, int total, int clients) throws Exception {
		Map<String, Instant> posted = new ConcurrentHashMap<>();
		AtomicInteger next = new AtomicInteger();
		ExecutorService senders = Executors.newFixedThreadPool(clients);
		Instant started = Instant.now();
		try {
			List<Future<?>> running = new ArrayList<>();
			for (int client = 0; client < clients; client++) {
				running.add(senders.submit(() -> {
					for (int index = next.getAndIncrement(); index < total; index = next.getAndIncrement()) {
						Instant at = Instant.now();
						posted.put(create(service, fleet.get(index % fleet.size())), at);
					}
				}));
			}
			for (Future<?> sender : running) {
				sender.get();
			}
			System.out.printf("%d commands accepted (202) at %.0f/s%n", total,
					total / (Duration.between(started, Instant.now()).toNanos() / 1e9));
		}
		finally {
			senders.shutdownNow();
		}
		return finish(service, posted, started);
	}

	/** Waits until every command SUCCEEDED and reads its transition times. */
	private Result finish(CommandInstance service, Map<String, Instant> posted, Instant started) {
		JdbcClient jdbc = service.bean(JdbcClient.class);
		UUID[] ids = posted.keySet().stream().map(UUID::fromString).toArray(UUID[]::new);
		// polled rarely: every poll encodes and looks up all ids, CPU the service under
		// test
		// needs; the rate below comes from the stored transition times, not from the poll
		await().atMost(Duration.ofMinutes(5))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> jdbc.sql("select count(*) from command_deliveries where id = any(?) and status = 'SUCCEEDED'")
				.param(ids)
				.query(Long.class)
				.single() == ids.length);
		List<long[]> latencies = jdbc.sql("""
				select command_id, to_status, occurred_at from command_transitions
				where command_id = any(?) and to_status in ('DELIVERED', 'SUCCEEDED')
				""").param(ids).query((row, index) -> {
			Instant at = row.getTimestamp(3).toInstant();
			long micros = Duration.between(posted.get(row.getString(1)), at).toNanos() / 1_000;
			return new long[] { "DELIVERED".equals(row.getString(2)) ? 0 : 1, micros };
		}).list();
		long[] delivered = latencies.stream().filter((l) -> l[0] == 0).mapToLong((l) -> l[1]).sorted().toArray();
		long[] succeeded = latencies.stream().filter((l) -> l[0] == 1).mapToLong((l) -> l[1]).sorted().toArray();
		Instant lastSucceeded = jdbc.sql("""
				select max(occurred_at) from command_transitions where command_id = any(?) and to_status = 'SUCCEEDED'
				""").param(ids).query(Timestamp.class).single().toInstant();
		double seconds = Duration.between(started, lastSucceeded).toNanos() / 1e9;
		assertThat(delivered).hasSize(ids.length);
		assertThat(succeeded).hasSize(ids.length);
		return new Result(ids.length, ids.length / seconds, delivered, succeeded);
	}

	private String create(CommandInstance service, VehicleId vin) {
		HttpResponse<String> response = service.post(vin, "{\"type\": \"HONK_AND_FLASH\"}");
		if (response.statusCode() != 202) {
			throw new IllegalStateException(response.statusCode() + " " + response.body());
		}
		return String.valueOf(this.json.read(response.body().getBytes(), Map.class).get("id"));
	}

	private record Result(int commands, double perSecond, long[] delivered, long[] succeeded) {

		String row(String name) {
			return String.format("| %s | %d | %.0f | %s | %s |", name, this.commands, this.perSecond,
					percentiles(this.delivered), percentiles(this.succeeded));
		}

		private static String percentiles(long[] sortedMicros) {
			return String.format("%.1f / %.1f / %.1f", at(sortedMicros, 0.50), at(sortedMicros, 0.99),
					sortedMicros[sortedMicros.length - 1] / 1000.0);
		}

		private static double at(long[] sortedMicros, double quantile) {
			int index = (int) Math.ceil(quantile * sortedMicros.length) - 1;
			return sortedMicros[Math.max(0, index)] / 1000.0;
		}

	}

}
