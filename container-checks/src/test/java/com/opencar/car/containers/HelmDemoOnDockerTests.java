package com.opencar.car.containers;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.containers.ChartOnDocker.Pod;
import com.opencar.car.containers.ChartOnDocker.Stopped;
import com.opencar.car.containers.ChartOnDocker.Workload;
import com.opencar.car.helm.Helm;
import com.opencar.car.testsupport.Commands;
import com.opencar.car.testsupport.fleet.CountingCar;
import com.opencar.car.testsupport.fleet.StoredTelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's demo,
 * {@code helm install demo ./helm/connected-car --set demo.enabled=true} with nothing
 * else, rendered by Helm and run on Docker (see {@link ChartOnDocker}): two instances of
 * each of ingest, command, store and analytics on the demo's infrastructure, each started
 * with the environment, files, user, read-only root filesystem and memory limit the chart
 * gives it. Then, with 200 counting cars streaming QoS 1 telemetry and commands flowing,
 * every workload rolls at once, as {@code helm upgrade} makes them, each restarting its
 * pods one at a time with SIGTERM, and then one of each service is killed with SIGKILL,
 * and the books are compared: every message the broker acknowledged to a car is in
 * PostgreSQL and MongoDB exactly once, every command ends in a final state, and no car
 * executed one twice.
 */
@Tag("containers")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HelmDemoOnDockerTests {

	private static final String RELEASE = "demo";

	private static final String PREFIX = RELEASE + "-connected-car-";

	private static final List<String> SERVICES = List.of("ingest-service", "command-service", "telemetry-store-service",
			"analytics-service");

	private static final List<String> INFRASTRUCTURE = List.of("demo-emqx", "demo-kafka", "demo-postgresql",
			"demo-mongodb", "demo-dev-issuer");

	private static final int CARS = Integer.getInteger("containers.cars", 200);

	/** Each car publishes this often: by default 200 cars, 2,000 msg/s. */
	private static final Duration PUBLISH_EVERY = Duration.ofMillis(Long.getLong("containers.publish-every-ms", 100));

	/**
	 * A command is due this often, 25/s, so that with those no command pod could take
	 * (while one is killed and the other busy) at least 20/s are created.
	 */
	private static final Duration COMMAND_EVERY = Duration.ofMillis(40);

	/**
	 * Whether the rollout restarts one pod of the whole release at a time
	 * ({@code -Dcontainers.rollout=one-at-a-time}) instead of every workload at once,
	 * each one pod at a time, as {@code helm upgrade} does (the default).
	 */
	private static final boolean ONE_AT_A_TIME = "one-at-a-time".equals(System.getProperty("containers.rollout"));

	private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "REJECTED", "TIMED_OUT", "EXPIRED",
			"CANCELLED");

	private static final Pattern COUNTER = Pattern
		.compile("^car_ingest_messages_received_total\\{[^}]*source=\"mqtt\"[^}]*} ([0-9.E]+)$", Pattern.MULTILINE);

	private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4);

	private final List<CountingCar> cars = new ArrayList<>();

	private final List<Stopped> stops = new CopyOnWriteArrayList<>();

	private ChartOnDocker cluster;

	private PlatformApi api;

	private String mongoUri;

	private String jdbcUrl;

	private String databasePassword;

	@BeforeAll
	void installTheDemo() throws Exception {
		Docker.requireEngine();
		// the README's one-liner: nothing but demo.enabled
		Commands.Result lint = Helm.command("lint", "--strict", Helm.CHART.toString(), "--set", "demo.enabled=true");
		assertThat(lint.exitCode()).as(lint.all()).isZero();
		Commands.Result oneLiner = Helm.command("template", RELEASE, Helm.CHART.toString(), "--set",
				"demo.enabled=true");
		assertThat(oneLiner.exitCode()).as(oneLiner.errors()).isZero();
		// the load below creates 25 commands/s as one caller, which the default limit
		// (10/s
		// per caller and instance) refuses in part: an operator raises it for such an
		// integration through the chart's extra configuration, as here
		Commands.Result rendered = Helm.command("template", RELEASE, Helm.CHART.toString(), "--set",
				"demo.enabled=true", "--set", "command.config.car.command.rate-limit.burst=50", "--set",
				"command.config.car.command.rate-limit.refill=50");
		assertThat(rendered.exitCode()).as(rendered.errors()).isZero();
		this.cluster = new ChartOnDocker(Helm.manifests(rendered.output()), StandIns::image,
				Path.of("target", "container-logs", "helm-demo"));
		for (Workload workload : this.cluster.workloads()) {
			Docker.requireImage(StandIns.image(image(workload)));
		}
		List<Pod> infrastructure = new ArrayList<>();
		for (String name : INFRASTRUCTURE) {
			infrastructure.addAll(this.cluster.start(this.cluster.workload(PREFIX + name)));
		}
		infrastructure.forEach((pod) -> this.cluster.awaitReady(pod, Duration.ofMinutes(3)));
		List<Pod> platform = new ArrayList<>();
		for (String service : SERVICES) {
			platform.addAll(this.cluster.start(this.cluster.workload(PREFIX + service)));
		}
		platform.forEach((pod) -> this.cluster.awaitReady(pod, Duration.ofMinutes(5)));
		this.cluster.start(this.cluster.workload(PREFIX + "demo-simulator"))
			.forEach((pod) -> this.cluster.awaitReady(pod, Duration.ofMinutes(3)));

		this.api = new PlatformApi(onePod("demo-dev-issuer").http(""));
		Pod postgres = onePod("demo-postgresql");
		this.jdbcUrl = "jdbc:postgresql://" + postgres.address(5432) + "/car";
		this.databasePassword = this.cluster.secret(PREFIX + "postgresql", "password");
		this.mongoUri = "mongodb://" + onePod("demo-mongodb").address(27017) + "/car";
		String broker = "tcp://" + onePod("demo-emqx").address(1883);
		for (int index = 1; index <= CARS; index++) {
			CountingCar car = new CountingCar(VehicleId.of("DPLY%013d".formatted(index)), broker, this.scheduler);
			car.connect();
			this.cars.add(car);
		}
	}

	@AfterAll
	void uninstall() {
		this.cars.forEach(CountingCar::close);
		this.scheduler.shutdownNow();
		if (this.cluster != null) {
			this.cluster.close();
		}
	}

	@Test
	@Order(1)
	void everyImageRunsAsTheChartRunsIt() {
		List<Pod> pods = this.cluster.pods()
			.stream()
			.filter((pod) -> !pod.workload().name().matches(".*-demo-(emqx|kafka|postgresql|mongodb)"))
			.toList();
		// the four services twice, the simulator and the development issuer
		assertThat(pods).hasSize(10);
		for (Pod pod : pods) {
			Map<String, Object> limits = ChartOnDocker
				.map(ChartOnDocker.map(pod.spec().get("resources")).get("limits"));
			long memory = ChartOnDocker.megabytes(String.valueOf(limits.get("memory"))) * 1024 * 1024;
			assertThat(Docker.docker("inspect", "-f",
					"{{.Config.User}} {{.HostConfig.ReadonlyRootfs}} {{.HostConfig.Memory}} {{.HostConfig.CapDrop}}",
					pod.container()))
				.as(pod.name())
				.isEqualTo("1000:1000 true " + memory + " [ALL]");
			assertThat(this.cluster.ready(pod)).as(pod.name() + " ready").isTrue();
			// the root filesystem refuses writes; /tmp takes them
			assertThat(Docker.run(Duration.ofSeconds(30), "docker", "exec", pod.container(), "touch", "/app/probe")
				.exitCode()).as(pod.name() + " writes its root filesystem").isNotZero();
			assertThat(Docker.run(Duration.ofSeconds(30), "docker", "exec", pod.container(), "touch", "/tmp/probe")
				.exitCode()).as(pod.name() + " writes /tmp").isZero();
		}
	}

	@Test
	@Order(2)
	void aSharedSubscriptionSplitsTelemetryBetweenTheIngestInstances() throws Exception {
		List<Pod> ingest = pods("ingest-service");
		assertThat(ingest).extracting(Pod::name)
			.containsExactlyInAnyOrder(PREFIX + "ingest-service-0", PREFIX + "ingest-service-1");
		Map<Pod, Double> before = new HashMap<>();
		ingest.forEach((pod) -> before.put(pod, received(pod)));
		for (int round = 0; round < 10; round++) {
			this.cars.forEach(CountingCar::publishNext);
		}
		awaitStored("the first 10 messages of every car");
		for (Pod pod : ingest) {
			assertThat(received(pod) - before.get(pod)).as(pod.name() + " took its share").isGreaterThan(CARS * 10 / 4);
		}
	}

	@Test
	@Order(3)
	void commandsCreatedOnEitherInstanceAreDeliveredOnceAndInOrderPerCar() {
		List<Pod> command = pods("command-service");
		List<CountingCar> some = this.cars.subList(0, 20);
		Map<CountingCar, List<String>> created = new LinkedHashMap<>();
		for (int round = 0; round < 5; round++) {
			for (CountingCar car : some) {
				Pod instance = command.get((round + some.indexOf(car)) % 2);
				String id = createOn(instance, car, "order-" + car.vin() + "-" + round);
				created.computeIfAbsent(car, (key) -> new ArrayList<>()).add(id);
			}
		}
		await("every command SUCCEEDED").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> {
			Map<String, String> statuses = statuses(some);
			return created.values()
				.stream()
				.flatMap(List::stream)
				.allMatch((id) -> "SUCCEEDED".equals(statuses.get(id)));
		});
		created.forEach((car, ids) -> {
			assertThat(car.arrivals()).as(car.vin() + ": commands in the order created").containsExactlyElementsOf(ids);
			ids.forEach((id) -> assertThat(car.deliveries().get(id).get()).as(car.vin() + " got " + id + " once")
				.isEqualTo(1));
		});
	}

	@Test
	@Order(4)
	void eitherAnalyticsInstanceAnswersEveryQueryIncludingStateTheOtherHolds() {
		List<Pod> analytics = pods("analytics-service");
		await("both instances answer for every car").atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofSeconds(2))
			.untilAsserted(() -> {
				Map<Pod, Integer> owned = new HashMap<>();
				for (CountingCar car : this.cars) {
					String path = "/api/v1/vehicles/" + car.vin() + "/driver-score";
					JsonNode first = this.api.get(analytics.get(0).http(""), path)
						.orElseThrow(() -> new AssertionError("no answer"));
					JsonNode second = this.api.get(analytics.get(1).http(""), path)
						.orElseThrow(() -> new AssertionError("no answer"));
					assertThat(second).as(car.vin() + ": the same answer from both").isEqualTo(first);
					// which instance holds the car's state: the one whose own store has
					// it
					for (Pod pod : analytics) {
						JsonNode local = this.api.get(pod.http(""), "/internal/v1/vehicles/" + car.vin() + "/driving")
							.orElseThrow();
						if (local.toString().matches(".*[1-9].*")) {
							owned.merge(pod, 1, Integer::sum);
						}
					}
					assertThat(this.api.get(analytics.get(1).http(""), "/api/v1/vehicles/" + car.vin())).isPresent();
				}
				// each holds part of the cars, so each answered queries the other's state
				assertThat(owned).as("cars whose state each instance holds").hasSize(2);
				assertThat(owned.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(CARS);
			});
	}

	@Test
	@Order(5)
	void rollingRestartsAndKillsUnderLoadLoseNothing() throws Exception {
		AtomicInteger commandIndex = new AtomicInteger();
		Map<String, String> commands = new ConcurrentHashMap<>();
		Map<String, Integer> created = new ConcurrentHashMap<>();
		AtomicReference<Throwable> loadFailure = new AtomicReference<>();
		ScheduledFuture<?> telemetry = this.scheduler.scheduleAtFixedRate(
				() -> this.cars.forEach(CountingCar::publishNext), 0, PUBLISH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
		// each due command is sent on a thread of its own, so that a slow answer under
		// load
		// does not delay the next ones (from the ticking thread alone they came at ~14/s)
		ExecutorService senders = Executors.newFixedThreadPool(64);
		ScheduledFuture<?> commanding = this.scheduler.scheduleAtFixedRate(() -> {
			int index = commandIndex.getAndIncrement();
			senders.execute(() -> {
				try {
					CountingCar car = this.cars.get(index % CARS);
					createOnEither(car, "rolling-" + index).ifPresent((id) -> {
						commands.put(id, car.vin().value());
						created.put(id, index);
					});
				}
				catch (RuntimeException | Error ex) {
					loadFailure.compareAndSet(null, ex);
				}
			});
		}, 0, COMMAND_EVERY.toMillis(), TimeUnit.MILLISECONDS);
		long started = System.nanoTime();
		// a helm upgrade: every workload rolls at once, each one pod at a time, the next
		// once its replacement is ready (or, one-at-a-time, one pod of the whole release)
		List<String> workloads = List.of("ingest-service", "command-service", "telemetry-store-service",
				"analytics-service", "demo-simulator", "demo-dev-issuer");
		Function<String, String> roll = (component) -> {
			for (Pod pod : pods(component)) {
				this.stops.add(this.cluster.stop(pod));
				this.cluster.awaitReady(this.cluster.replace(pod), Duration.ofMinutes(8));
			}
			return component;
		};
		if (ONE_AT_A_TIME) {
			workloads.forEach(roll::apply);
		}
		else {
			parallel(workloads, roll);
		}
		// then one pod of each service dies at once
		int killedFrom = commandIndex.get();
		List<Pod> victims = SERVICES.stream().map((service) -> pods(service).get(0)).toList();
		victims.forEach(this.cluster::kill);
		parallel(victims, (pod) -> {
			this.cluster.awaitReady(this.cluster.replace(pod), Duration.ofMinutes(8));
			return pod;
		});
		telemetry.cancel(false);
		commanding.cancel(false);
		Duration underLoad = Duration.ofNanos(System.nanoTime() - started);
		senders.shutdown();
		assertThat(senders.awaitTermination(2, TimeUnit.MINUTES)).as("every command sent").isTrue();
		assertThat(loadFailure.get()).isNull();

		await("every publish answered").atMost(Duration.ofMinutes(2))
			.until(() -> this.cars.stream().allMatch((car) -> car.pending() == 0));
		Map<String, Set<Long>> promised = new HashMap<>();
		this.cars.forEach((car) -> promised.put(car.vin().value(), car.acknowledged()));
		long acknowledged = StoredTelemetry.count(promised);
		long sent = this.cars.stream().mapToLong(CountingCar::sent).sum();
		Map<String, Set<Long>> inPostgres = new HashMap<>();
		Map<String, Set<Long>> inMongo = new HashMap<>();
		// looked up by id, what is not found yet (a first pass reads ~9,000 documents/s
		// from the stand-in)
		await("every acknowledged message in PostgreSQL and MongoDB")
			.atMost(Duration.ofMinutes(10).plusSeconds(acknowledged / 4_000))
			.pollInterval(Duration.ofSeconds(5))
			.untilAsserted(() -> {
				inPostgres.clear();
				inPostgres.putAll(inPostgres());
				assertThat(StoredTelemetry.missing(inPostgres, promised)).as("acknowledged, not in PostgreSQL")
					.isZero();
				assertThat(StoredTelemetry.missingInMongo(this.mongoUri, "car", promised, inMongo))
					.as("acknowledged, not in MongoDB")
					.isZero();
			});
		long postgresRows;
		try (Connection connection = store()) {
			postgresRows = StoredTelemetry.postgresRows(connection, "DPLY");
		}

		Map<String, String> finals = new HashMap<>();
		await("every command in a final state").atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofSeconds(2))
			.until(() -> {
				finals.clear();
				finals.putAll(statuses(this.cars));
				return commands.keySet().stream().allMatch((id) -> TERMINAL.contains(finals.getOrDefault(id, "")));
			});
		Map<String, Integer> outcomes = new HashMap<>();
		commands.keySet().forEach((id) -> outcomes.merge(finals.get(id), 1, Integer::sum));
		Map<String, String> executedBy = new HashMap<>();
		long deliveries = 0;
		for (CountingCar car : this.cars) {
			for (String id : car.executed()) {
				assertThat(executedBy.put(id, car.vin().value())).as("command %s executed by one car", id).isNull();
			}
			deliveries += car.deliveries().values().stream().mapToInt(AtomicInteger::get).sum();
		}
		long rolling = commands.keySet().stream().filter(executedBy::containsKey).count();
		// executed by its car, yet TIMED_OUT: the answer came after the timeout
		Map<Boolean, Long> lateAnswers = commands.keySet()
			.stream()
			.filter((id) -> executedBy.containsKey(id) && "TIMED_OUT".equals(finals.get(id)))
			.collect(Collectors.partitioningBy((id) -> created.get(id) >= killedFrom, Collectors.counting()));

		System.out.printf("%nrolling restarts and kills under load (%s): %d pods stopped with SIGTERM, %d killed%n",
				underLoad, this.stops.size(), SERVICES.size());
		this.stops.forEach((stop) -> System.out.printf("  %s: exit %d after %.1f s (grace %d s)%n", stop.pod().name(),
				stop.exitCode(), stop.took().toMillis() / 1000.0, stop.grace().toSeconds()));
		System.out.printf(
				"telemetry: sent %d, acknowledged %d, in PostgreSQL %d distinct / %d rows, in MongoDB %d found by "
						+ "their unique id vin:seq, lost %d / %d%n",
				sent, acknowledged, StoredTelemetry.count(inPostgres), postgresRows, StoredTelemetry.count(inMongo),
				StoredTelemetry.missing(inPostgres, promised), StoredTelemetry.missing(inMongo, promised));
		System.out.printf(
				"commands: %d created (%.1f/s under load), final states %s, %d executed by their car, %d deliveries "
						+ "in all%n",
				commands.size(), commands.size() / (underLoad.toMillis() / 1000.0), outcomes, rolling, deliveries);
		long createdDuringTheKills = created.values().stream().filter((index) -> index >= killedFrom).count();
		System.out.printf(
				"executed by the car but TIMED_OUT: %d of %d created during the rollout, %d of %d during "
						+ "the kills%n",
				lateAnswers.get(false), created.size() - createdDuringTheKills, lateAnswers.get(true),
				createdDuringTheKills);

		assertThat(this.stops).allSatisfy((stop) -> {
			assertThat(stop.exitCode()).as(stop.pod().name() + " exit status").isZero();
			assertThat(stop.took()).as(stop.pod().name() + " stopped within its grace period").isLessThan(stop.grace());
		});
		assertThat(acknowledged).as("messages the broker acknowledged").isGreaterThan(CARS * 100L);
		assertThat(postgresRows).as("PostgreSQL rows, one per acknowledged (vin, seq)")
			.isEqualTo(StoredTelemetry.count(inPostgres));
		assertThat(commands).as("commands created under load").hasSizeGreaterThan(100);
		assertThat(commands.size() / (underLoad.toMillis() / 1000.0)).as("commands created per second under load")
			.isGreaterThanOrEqualTo(20.0);
		commands
			.forEach((id, vin) -> assertThat(executedBy.getOrDefault(id, vin)).as("command %s went to its own car", id)
				.isEqualTo(vin));
		assertThat(outcomes.keySet()).as("final states").isSubsetOf(TERMINAL);
	}

	/**
	 * Applies the step to every pod or workload at once, as controllers acting side by
	 * side do.
	 */
	private <S, T> List<T> parallel(List<S> subjects, Function<S, T> step) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(subjects.size());
		try {
			List<Future<T>> results = new ArrayList<>();
			for (S subject : subjects) {
				results.add(pool.submit(() -> step.apply(subject)));
			}
			List<T> done = new ArrayList<>();
			for (Future<T> result : results) {
				done.add(result.get(10, TimeUnit.MINUTES));
			}
			return done;
		}
		finally {
			pool.shutdownNow();
		}
	}

	private Optional<String> createOnEither(CountingCar car, String key) {
		for (Pod pod : pods("command-service")) {
			Optional<String> id = this.api.createCommand(pod.http(""), car.vin().value(), key);
			if (id.isPresent()) {
				return id;
			}
		}
		return Optional.empty();
	}

	/**
	 * Asks one instance for the command, and the same instance again with the same key
	 * while its answer is worth retrying (no answer in time, 429 or 503).
	 */
	private String createOn(Pod instance, CountingCar car, String key) {
		AtomicReference<PlatformApi.Answer> last = new AtomicReference<>();
		await(instance.name() + " takes a command for " + car.vin()).atMost(Duration.ofMinutes(1))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> {
				PlatformApi.Answer answer = this.api.askForCommand(instance.http(""), car.vin().value(), key);
				last.set(answer);
				if (!answer.worthRetrying() && answer.id().isEmpty()) {
					throw new AssertionError(instance.name() + " refused a command: " + answer);
				}
				return answer.id().isPresent();
			});
		return last.get().id().orElseThrow();
	}

	/**
	 * Each car's commands and their status, as its command history lists them, a page of
	 * 200 at a time from either instance. A history neither instance answers for now is
	 * left out, so that its commands count as not final yet and the next poll asks again.
	 */
	private Map<String, String> statuses(List<CountingCar> of) {
		Map<String, String> statuses = new HashMap<>();
		for (CountingCar car : of) {
			for (int page = 0;; page++) {
				Optional<JsonNode> history = commandHistory(car, page);
				if (history.isEmpty()) {
					break;
				}
				JsonNode listed = history.get();
				for (JsonNode command : listed.path("content")) {
					statuses.put(command.path("id").asString(), command.path("status").asString());
				}
				if (page + 1 >= listed.path("totalPages").asInt()) {
					break;
				}
			}
		}
		return statuses;
	}

	private Optional<JsonNode> commandHistory(CountingCar car, int page) {
		String path = "/api/v1/vehicles/" + car.vin() + "/commands?size=200&page=" + page;
		for (Pod pod : pods("command-service")) {
			Optional<JsonNode> listed = this.api.get(pod.http(""), path);
			if (listed.isPresent()) {
				return listed;
			}
		}
		return Optional.empty();
	}

	private void awaitStored(String what) {
		await(what + " in PostgreSQL").atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofSeconds(1))
			.untilAsserted(() -> {
				Map<String, Set<Long>> promised = new HashMap<>();
				this.cars.forEach((car) -> promised.put(car.vin().value(), car.acknowledged()));
				assertThat(StoredTelemetry.count(promised)).isPositive();
				assertThat(StoredTelemetry.missing(inPostgres(), promised)).isZero();
			});
	}

	private Map<String, Set<Long>> inPostgres() throws SQLException {
		try (Connection connection = store()) {
			return StoredTelemetry.inPostgres(connection, "DPLY");
		}
	}

	private Connection store() throws SQLException {
		return DriverManager.getConnection(this.jdbcUrl, "car", this.databasePassword);
	}

	/** The ingest instance's count of messages received over MQTT. */
	private double received(Pod ingest) {
		String metrics = this.api.text(ingest.http(""), "/actuator/prometheus").orElse("");
		Matcher counter = COUNTER.matcher(metrics);
		double total = 0;
		while (counter.find()) {
			total += Double.parseDouble(counter.group(1));
		}
		return total;
	}

	private List<Pod> pods(String component) {
		return this.cluster.pods(this.cluster.workload(PREFIX + component));
	}

	private Pod onePod(String component) {
		List<Pod> pods = pods(component);
		assertThat(pods).as(component).hasSize(1);
		return pods.get(0);
	}

	private static String image(Workload workload) {
		return String.valueOf(ChartOnDocker.list(ChartOnDocker.map(workload.template().get("spec")).get("containers"))
			.get(0)
			.get("image"));
	}

}
