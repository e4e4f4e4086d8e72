package com.opencar.car.command.benchmark;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.Tag;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import com.opencar.car.command.delivery.CommandSqlPath;
import com.opencar.car.command.kafka.OutboxSqlPath;
import com.opencar.car.command.support.CommandInstance;
import com.opencar.car.common.command.CommandStatus;
import com.opencar.car.common.command.CommandType;
import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.simulator.SimulatedCar;
import com.opencar.car.simulator.SimulatorProperties;
import com.opencar.car.simulator.load.Latencies;
import com.opencar.car.simulator.load.LoadGenerator;
import com.opencar.car.testsupport.RealServers;
import com.opencar.car.testsupport.Server;
import com.opencar.car.testsupport.TestKafka;
import com.opencar.car.testsupport.TestMosquitto;
import com.opencar.car.testsupport.TestMqttBroker;
import com.opencar.car.testsupport.TestPostgres;
import com.opencar.car.testsupport.TestVins;
import com.opencar.car.testsupport.benchmark.BenchmarkResults;
import com.opencar.car.testsupport.benchmark.BenchmarkStage;
import com.opencar.car.testsupport.benchmark.CpuUse;
import com.opencar.car.testsupport.benchmark.JitWarmUp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The command benchmark: a harness, not a test. Run with
 * {@code ./mvnw -B -pl command-service -am test -Pbenchmark -Dtest='CommandBenchmark'};
 * it prints a Markdown table.
 * <p>
 * {@code bench.cars} of the simulator's cars (real MQTT 5 clients) answer every command
 * at once with RECEIVED and SUCCEEDED; the commands go out through the simulator's shared
 * load generator. Latency runs from just before the client sends the {@code POST} to the
 * time the service stored DELIVERED or SUCCEEDED (one clock: all in one JVM).
 * <ol>
 * <li>Paced: {@code bench.rate} commands/s (100, the rate issue 5 sets its latency target
 * at) for {@code bench.seconds} (20 s).</li>
 * <li>Flat out: {@code bench.commands} (10,000) commands from {@code bench.clients} (16)
 * concurrent HTTP clients; commands/s from the first {@code POST} to the last
 * SUCCEEDED.</li>
 * </ol>
 * Before them, not measured, warm-up rounds of {@code bench.warmup.round} (3,000)
 * commands flat out and 5 s paced, until the JIT compiler was busy for less than
 * {@code bench.warmup.settled} (5 %) of a round, or {@code bench.warmup.limit-seconds}
 * (600) passed: here that took about 15 rounds, 3.5 minutes, and measuring earlier
 * measured the compiler (after a fixed 10,000 commands it still took a third of the
 * machine flat out, and the rate varied from 368 to 549 commands/s). Each run prints the
 * CPU time per command of the whole machine and of this JVM, and how long commands waited
 * in each status. On Mosquitto (HiveMQ CE's shared subscriptions stall, see the README).
 * <p>
 * The ceiling, measured once the service has stopped: the statements the service runs for
 * each command, through its own store code, against the same PostgreSQL alone, paced and
 * flat out as above ({@link #sqlCeiling}).
 */
@Tag("benchmark")
@RealServers({ Server.KAFKA, Server.MOSQUITTO, Server.POSTGRES })
class CommandBenchmark {

	private static final int CARS = Integer.getInteger("bench.cars", 100);

	private static final int RATE = Integer.getInteger("bench.rate", 100);

	private static final int SECONDS = Integer.getInteger("bench.seconds", 20);

	private static final int COMMANDS = Integer.getInteger("bench.commands", 10_000);

	private static final int CLIENTS = Integer.getInteger("bench.clients", 16);

	private static final int WARMUP_ROUND = Integer.getInteger("bench.warmup.round", 3_000);

	/** The share of a warm-up round the JIT compiler may still be busy for. */
	private static final double SETTLED = Double.parseDouble(System.getProperty("bench.warmup.settled", "0.05"));

	private static final Duration WARMUP_LIMIT = Duration.ofSeconds(Long.getLong("bench.warmup.limit-seconds", 600));

	private final VehicleJson json = new VehicleJson();

	@Test
	void commandBenchmark(TestMosquitto mosquitto, TestKafka kafka, TestPostgres postgres) throws Exception {
		TestMqttBroker broker = mosquitto.broker();
		TestVins vins = TestVins.fresh();
		List<VehicleId> fleet = new ArrayList<>();
		List<SimulatedCar> cars = new ArrayList<>();
		ScheduledExecutorService carThreads = Executors.newScheduledThreadPool(2);
		ExecutorService senders = Executors.newFixedThreadPool(CLIENTS);
		Result paced;
		Result flatOut;
		JitWarmUp.Result warmUp;
		try (CommandInstance service = CommandInstance.start(broker, kafka, postgres,
				"command-bench-" + UUID.randomUUID(),
				Map.of("car.command.delivery.shared-group", "bench-" + UUID.randomUUID()))) {
			// the simulator's cars, answering at once and always succeeding
			SimulatorProperties properties = new Binder(new MapConfigurationPropertySource(
					Map.of("car.simulator.mqtt.url", broker.serverUri(), "car.simulator.commands.outcome-delay-min",
							"0ms", "car.simulator.commands.outcome-delay-max", "0ms",
							"car.simulator.commands.failure-probability", "0")))
				.bindOrCreate("car.simulator", SimulatorProperties.class);
			SplittableRandom random = new SplittableRandom(1);
			for (int index = 0; index < CARS; index++) {
				VehicleId vin = vins.next();
				fleet.add(vin);
				cars.add(new SimulatedCar(vin, properties, random.split(), carThreads, Clock.systemUTC()));
				service.connectivity(vin, true);
			}
			CompletableFuture.allOf(cars.stream().map(SimulatedCar::connect).toArray(CompletableFuture[]::new))
				.get(60, TimeUnit.SECONDS);
			// every car online as far as the service knows
			JdbcClient jdbc = service.bean(JdbcClient.class);
			await().atMost(Duration.ofSeconds(60))
				.until(() -> jdbc.sql("select count(*) from vehicle_connectivity where online and vin like ?")
					.param(fleet.get(0).value().substring(0, 7) + "%")
					.query(Long.class)
					.single() == CARS);
			// warm-up: connection pools, caches, and the JIT compiler, flat out and paced
			// (each load compiles its own paths), until the compiler has settled
			warmUp = JitWarmUp.until(() -> {
				run(service, fleet, senders, LoadGenerator.Plan.count(WARMUP_ROUND, 0, CLIENTS));
				run(service, fleet, senders, LoadGenerator.Plan.count(RATE * 5L, RATE, CLIENTS));
			}, SETTLED, WARMUP_LIMIT);

			paced = run(service, fleet, senders, LoadGenerator.Plan.count((long) RATE * SECONDS, RATE, CLIENTS));
			flatOut = run(service, fleet, senders, LoadGenerator.Plan.count(COMMANDS, 0, CLIENTS));
		}
		finally {
			senders.shutdownNow();
			CompletableFuture.allOf(cars.stream().map(SimulatedCar::stop).toArray(CompletableFuture[]::new))
				.get(30, TimeUnit.SECONDS);
			carThreads.shutdownNow();
		}
		// the ceiling, once the service has stopped: its statements against the same
		// PostgreSQL alone
		Ceiling ceiling = sqlCeiling(postgres, fleet);
		System.out.println("\n## Command benchmark\n");
		System.out.printf(
				"Machine: %d cores, Java %s; Kafka, PostgreSQL 17 (embedded, fsync off), the service and %d "
						+ "simulated cars in one JVM, Mosquitto as a child process. Warm-up: %d rounds, %.0f s, "
						+ "the JIT compiler busy %.0f %% of the last%s%n%n",
				Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), CARS, warmUp.rounds(),
				warmUp.took().toMillis() / 1e3, warmUp.lastBusy() * 100,
				warmUp.settled(SETTLED) ? "" : " (NOT SETTLED: the figures include compiling)");
		System.out.println("| run | commands | commands/s | POST→DELIVERED p50 / p99 / p99.9 / max (ms) "
				+ "| POST→SUCCEEDED p50 / p99 / p99.9 / max (ms) |");
		System.out.println("|---|---:|---:|---:|---:|");
		System.out.println(paced.row("paced at " + RATE + "/s"));
		System.out.println(ceiling.paced().row("ceiling: the service's SQL alone, paced at " + RATE + "/s"));
		System.out.println(flatOut.row("flat out, " + CLIENTS + " clients"));
		System.out
			.println(ceiling.flatOut().row("ceiling: the service's SQL alone, flat out, " + CLIENTS + " threads"));
		System.out.println();
		BenchmarkResults.record("commands", List.of(
				BenchmarkStage.rate("commands", "commands/s flat out, " + CLIENTS + " clients, POST → SUCCEEDED",
						"commands/s", ceiling.flatOut().perSecond(), flatOut.perSecond(),
						flatOutDetails(flatOut, warmUp)),
				BenchmarkStage.latency("commands", "POST → DELIVERED p99 at " + RATE + " commands/s",
						ceiling.paced().delivered().p99(), paced.delivered().p99(), details(paced.delivered(), "")),
				BenchmarkStage.latency("commands", "POST → SUCCEEDED p99 at " + RATE + " commands/s",
						ceiling.paced().succeeded().p99(), paced.succeeded().p99(), details(paced.succeeded(), ""))));
	}

	/**
	 * The ceiling: for each command the statements the service runs on its way (queued,
	 * the car's dispatch turn locking it and recording it SENT, the answers DELIVERED and
	 * SUCCEEDED, and the outbox's batches every 200 ms), through the service's own
	 * {@link CommandSqlPath store code}, against the same PostgreSQL with nothing else:
	 * no HTTP, broker, car or Kafka. Paced at {@link #RATE}, one command at a time,
	 * latency from when each was due; flat out from {@link #CLIENTS} threads, each with
	 * cars of its own (the service gives a car one dispatch task at a time) and the
	 * answers of {@link #CLIENTS} commands per statement (the service applies all that
	 * wait, up to 500, in one; under this load a few to a few hundred).
	 */
	private static Ceiling sqlCeiling(TestPostgres postgres, List<VehicleId> fleet) throws Exception {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(postgres.jdbcUrl());
		config.setUsername(postgres.username());
		config.setPassword(postgres.password());
		config.setMaximumPoolSize(CLIENTS + 1);
		ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
		ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
		try (HikariDataSource dataSource = new HikariDataSource(config);
				CommandSqlPath path = new CommandSqlPath(dataSource)) {
			OutboxSqlPath outbox = new OutboxSqlPath(dataSource);
			AtomicLong published = new AtomicLong();
			publisher.scheduleWithFixedDelay(() -> published.addAndGet(outbox.publishPending()), 0, 200,
					TimeUnit.MILLISECONDS);
			ReentrantLock[] carLocks = new ReentrantLock[fleet.size()];
			Arrays.setAll(carLocks, (index) -> new ReentrantLock());
			// warm-up of the JDBC path and the database's caches, not measured
			for (int round = 0; round < 3; round++) {
				flatOutSql(path, fleet, threads, WARMUP_ROUND, published);
				pacedSql(path, fleet, carLocks, threads, RATE * 5L, published);
			}
			Result paced = pacedSql(path, fleet, carLocks, threads, (long) RATE * SECONDS, published);
			Result flatOut = flatOutSql(path, fleet, threads, COMMANDS, published);
			return new Ceiling(paced, flatOut);
		}
		finally {
			threads.shutdownNow();
			publisher.shutdownNow();
		}
	}

	private static Result pacedSql(CommandSqlPath path, List<VehicleId> fleet, ReentrantLock[] carLocks,
			ExecutorService threads, long commands, AtomicLong published) throws Exception {
		Latencies delivered = new Latencies();
		Latencies succeeded = new Latencies();
		long publishedBefore = published.get();
		long startedNanos = System.nanoTime();
		LoadGenerator generator = new LoadGenerator(LoadGenerator.Plan.count(commands, RATE, CLIENTS));
		LoadGenerator.Result result = generator.run((index) -> CompletableFuture.runAsync(() -> {
			long due = generator.dueNanos(index);
			int car = (int) (index % fleet.size());
			VehicleId vin = fleet.get(car);
			// one dispatch task per car at a time, as the service's
			carLocks[car].lock();
			try {
				UUID id = path.queue(vin, CommandType.HONK_AND_FLASH);
				path.dispatch(vin);
				expect(path.answered(Map.of(id, vin), CommandStatus.DELIVERED), 1);
				delivered.record(System.nanoTime() - due);
				expect(path.answered(Map.of(id, vin), CommandStatus.SUCCEEDED), 1);
				succeeded.record(System.nanoTime() - due);
			}
			finally {
				carLocks[car].unlock();
			}
		}, threads), Duration.ofMinutes(2));
		assertThat(result.latencies().failed()).isZero();
		awaitPublished(published, publishedBefore + 4 * commands);
		double seconds = (System.nanoTime() - startedNanos) / 1e9;
		return new Result((int) commands, commands / seconds, delivered.summary(), succeeded.summary(), null);
	}

	private static Result flatOutSql(CommandSqlPath path, List<VehicleId> fleet, ExecutorService threads, int commands,
			AtomicLong published) throws Exception {
		long publishedBefore = published.get();
		long startedNanos = System.nanoTime();
		List<CompletableFuture<Void>> workers = new ArrayList<>();
		for (int worker = 0; worker < CLIENTS; worker++) {
			List<VehicleId> cars = new ArrayList<>();
			for (int car = worker; car < fleet.size(); car += CLIENTS) {
				cars.add(fleet.get(car));
			}
			int share = commands / CLIENTS + ((worker < commands % CLIENTS) ? 1 : 0);
			workers.add(CompletableFuture.runAsync(() -> {
				for (int done = 0; done < share; done += CLIENTS) {
					Map<UUID, VehicleId> group = new LinkedHashMap<>();
					for (int index = done; index < Math.min(share, done + CLIENTS); index++) {
						VehicleId vin = cars.get(index % cars.size());
						group.put(path.queue(vin, CommandType.HONK_AND_FLASH), vin);
					}
					new LinkedHashSet<>(group.values()).forEach(path::dispatch);
					expect(path.answered(group, CommandStatus.DELIVERED), group.size());
					expect(path.answered(group, CommandStatus.SUCCEEDED), group.size());
				}
			}, threads));
		}
		CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
		awaitPublished(published, publishedBefore + 4L * commands);
		double seconds = (System.nanoTime() - startedNanos) / 1e9;
		return new Result(commands, commands / seconds, Latencies.summaryOf(new long[0], 0),
				Latencies.summaryOf(new long[0], 0), null);
	}

	/**
	 * Every command's four transitions (QUEUED, SENT, DELIVERED, SUCCEEDED) published.
	 */
	private static void awaitPublished(AtomicLong published, long atLeast) {
		await().atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> published.get() >= atLeast);
	}

	private static void expect(int moved, int expected) {
		if (moved != expected) {
			throw new IllegalStateException(moved + " of " + expected + " answers applied");
		}
	}

	/**
	 * Sends the plan's commands through the shared load generator, each a {@code POST} on
	 * one of the sender threads.
	 */
	private Result run(CommandInstance service, List<VehicleId> fleet, ExecutorService senders,
			LoadGenerator.Plan plan) {
		Map<String, Instant> posted = new ConcurrentHashMap<>();
		// answers received and not yet applied, sampled each second
		Gauge waiting = service.bean(MeterRegistry.class).get("car.command.responses.waiting").gauge();
		AtomicLong mostWaiting = new AtomicLong();
		ScheduledExecutorService probe = Executors.newSingleThreadScheduledExecutor();
		probe.scheduleAtFixedRate(() -> mostWaiting.accumulateAndGet((long) waiting.value(), Math::max), 1, 1,
				TimeUnit.SECONDS);
		try {
			CpuUse cpuBefore = CpuUse.now();
			Instant started = Instant.now();
			long startedNanos = System.nanoTime();
			LoadGenerator generator = new LoadGenerator(plan);
			LoadGenerator.Result accepted = generator.run((index) -> {
				// from when it was due, not from when a sender thread got to it: the
				// senders' queue is part of the wait
				Instant due = started.plusNanos(generator.dueNanos(index) - startedNanos);
				return CompletableFuture
					.runAsync(() -> posted.put(create(service, fleet.get((int) (index % fleet.size()))), due), senders);
			}, Duration.ofMinutes(2));
			System.out.printf("%d commands accepted (202) at %.0f/s, %d failed%n", accepted.latencies().count(),
					accepted.rate(), accepted.latencies().failed());
			assertThat(accepted.latencies().failed()).isZero();
			Result result = finish(service, posted, started);
			System.out.printf("  answers waiting to be applied, most in a second's sample: %d%n", mostWaiting.get());
			CpuUse cpu = CpuUse.now().since(cpuBefore);
			System.out.println(cpu.per(posted.size(), "command"));
			return result.withCpu(cpu);
		}
		finally {
			probe.shutdownNow();
		}
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
			long nanos = Duration.between(posted.get(row.getString(1)), at).toNanos();
			return new long[] { "DELIVERED".equals(row.getString(2)) ? 0 : 1, nanos };
		}).list();
		long[] delivered = latencies.stream().filter((l) -> l[0] == 0).mapToLong((l) -> l[1]).toArray();
		long[] succeeded = latencies.stream().filter((l) -> l[0] == 1).mapToLong((l) -> l[1]).toArray();
		Instant lastSucceeded = jdbc.sql("""
				select max(occurred_at) from command_transitions where command_id = any(?) and to_status = 'SUCCEEDED'
				""").param(ids).query(Timestamp.class).single().toInstant();
		double seconds = Duration.between(started, lastSucceeded).toNanos() / 1e9;
		// where the time went: how long commands waited in the status before each
		jdbc.sql("""
				select to_status, count(*), percentile_cont(0.5) within group (order by ms),
				       percentile_cont(0.99) within group (order by ms)
				from (select to_status, extract(epoch from occurred_at - lag(occurred_at)
				              over (partition by command_id order by id)) * 1000 as ms
				      from command_transitions where command_id = any(?)) steps
				where ms is not null group by to_status order by 3
				""").param(ids).query((row, index) -> {
			System.out.printf("  → %s: %d, p50 %.1f ms, p99 %.1f ms after the status before%n", row.getString(1),
					row.getLong(2), row.getDouble(3), row.getDouble(4));
			return row;
		}).list();
		// a command published again: its RECEIVED took longer than the acknowledgement
		// timeout
		System.out.printf("  published more than once: %d%n",
				jdbc.sql("select count(*) from command_deliveries where id = any(?) and attempts > 1")
					.param(ids)
					.query(Long.class)
					.single());
		assertThat(delivered).hasSize(ids.length);
		assertThat(succeeded).hasSize(ids.length);
		return new Result(ids.length, ids.length / seconds, Latencies.summaryOf(delivered, 0),
				Latencies.summaryOf(succeeded, 0), null);
	}

	private String create(CommandInstance service, VehicleId vin) {
		HttpResponse<String> response = service.post(vin, "{\"type\": \"HONK_AND_FLASH\"}");
		if (response.statusCode() != 202) {
			throw new IllegalStateException(response.statusCode() + " " + response.body());
		}
		return String.valueOf(this.json.read(response.body().getBytes(), Map.class).get("id"));
	}

	private static Map<String, Double> flatOutDetails(Result flatOut, JitWarmUp.Result warmUp) {
		Map<String, Double> details = new TreeMap<>(details(flatOut.delivered(), "→DELIVERED "));
		details.put("machine CPU ms per command", flatOut.machineCpuMillisPerCommand());
		details.put("warm-up s", warmUp.took().toMillis() / 1e3);
		details.put("warm-up: JIT busy % of the last round", warmUp.lastBusy() * 100);
		return details;
	}

	private static Map<String, Double> details(Latencies.Summary latencies, String prefix) {
		return Map.of(prefix + "p50 ms", latencies.p50(), prefix + "p99 ms", latencies.p99(), prefix + "p99.9 ms",
				latencies.p999(), prefix + "max ms", latencies.max());
	}

	private record Result(int commands, double perSecond, Latencies.Summary delivered, Latencies.Summary succeeded,
			CpuUse cpu) {

		Result withCpu(CpuUse cpu) {
			return new Result(this.commands, this.perSecond, this.delivered, this.succeeded, cpu);
		}

		double machineCpuMillisPerCommand() {
			return this.cpu.machineNanos() / 1e6 / this.commands;
		}

		String row(String name) {
			return String.format("| %s | %d | %.0f | %s | %s |", name, this.commands, this.perSecond,
					tail(this.delivered), tail(this.succeeded));
		}

		private static String tail(Latencies.Summary latencies) {
			return (latencies.count() > 0) ? latencies.tail() : "—";
		}

	}

	/** The service's SQL alone, paced and flat out. */
	private record Ceiling(Result paced, Result flatOut) {

	}

}
