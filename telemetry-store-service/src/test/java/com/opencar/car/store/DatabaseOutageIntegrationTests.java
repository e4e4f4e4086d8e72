package com.opencar.car.store;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.telemetry.TelemetryReported;
import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.store.support.StoreIntegrationTest;
import com.opencar.car.store.support.StoreTopics;
import com.opencar.car.testsupport.Outage;
import com.opencar.car.testsupport.TestMongo;
import com.opencar.car.testsupport.TestPostgres;
import com.opencar.car.testsupport.TestVins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A database stops mid-stream: its sink must wait and lose nothing, the other database's
 * sink must carry on meanwhile.
 */
@StoreIntegrationTest
@TestPropertySource(properties = { "car.store.sink.retry-max-interval=2s",
		"spring.datasource.hikari.connection-timeout=2000", "car.paths.stuck-after=3s" })
class DatabaseOutageIntegrationTests {

	@Autowired
	private StoreTopics topics;

	@Autowired
	private HealthContributorRegistry health;

	@Autowired
	private VehicleJson json;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private MongoTemplate mongo;

	@Autowired
	private MeterRegistry meters;

	@Test
	void everyMessageIsStoredExactlyOnceAfterPostgresComesBack(TestPostgres postgres) {
		throughAnOutage(postgres.outage(), "db", "store-postgres-telemetry", "store-mongo-raw", "postgres-telemetry@");
	}

	@Test
	void everyMessageIsStoredExactlyOnceAfterMongoComesBack(TestMongo mongo) {
		throughAnOutage(mongo.outage(), "mongo", "store-mongo-raw", "store-postgres-telemetry", "mongo-raw@");
	}

	private void throughAnOutage(Outage outage, String health, String stalledGroup, String unaffectedGroup,
			String stalledSink) {
		TestVins vins = TestVins.fresh();
		List<VehicleId> cars = List.of(vins.next(), vins.next(), vins.next(), vins.next());
		Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(600);
		List<RecordMetadata> before = publish(cars, 0, 100, start);
		this.topics.awaitConsumed(before, stalledGroup, unaffectedGroup);

		outage.begin();
		try {
			List<RecordMetadata> during = publish(cars, 100, 200, start);
			// the other sink, a separate consumer group, is not held up
			this.topics.awaitConsumed(during, unaffectedGroup);
			assertThat(status(health)).isEqualTo(Status.DOWN);
			// retried for longer than car.paths.stuck-after: the stuck sink is named, and
			// counted
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				Health paths = health("paths");
				assertThat(paths.getStatus()).isEqualTo(Status.DOWN);
				assertThat(paths.getDetails()).hasEntrySatisfying(stalledKey(paths, stalledSink),
						(detail) -> assertThat(detail.toString()).startsWith("stuck"));
			});
			assertThat(health("paths").getDetails()).allSatisfy((path, detail) -> {
				if (!path.startsWith(stalledSink) && !path.equals("stuckAfter")) {
					assertThat(detail.toString()).as(path).doesNotStartWith("stuck");
				}
			});
			assertThat(this.meters.find("car.path.stuck").counters()).anySatisfy((counter) -> {
				assertThat(counter.getId().getTag("path")).startsWith(stalledSink);
				assertThat(counter.count()).isPositive();
			});
		}
		finally {
			outage.end();
		}
		List<RecordMetadata> after = publish(cars, 200, 250, start);
		this.topics.awaitConsumed(after, stalledGroup, unaffectedGroup);
		long expected = cars.size() * 250L;
		await().atMost(Duration.ofSeconds(60))
			.until(() -> rows(cars, "count(*)") == expected && rawDocuments(cars) == expected);
		assertThat(rows(cars, "count(distinct (vin, seq))")).isEqualTo(expected);
		// healthy again without a restart
		await().atMost(Duration.ofSeconds(30)).until(() -> status(health), Status.UP::equals);
		await().atMost(Duration.ofSeconds(30)).until(() -> status("paths"), Status.UP::equals);
	}

	private Status status(String component) {
		return health(component).getStatus();
	}

	private Health health(String component) {
		return ((HealthIndicator) this.health.getContributor(component)).health();
	}

	private static String stalledKey(Health paths, String prefix) {
		return paths.getDetails()
			.keySet()
			.stream()
			.filter((path) -> path.startsWith(prefix) && paths.getDetails().get(path).toString().startsWith("stuck"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no stuck path " + prefix + "… in " + paths.getDetails()));
	}

	private List<RecordMetadata> publish(List<VehicleId> cars, int fromSeq, int toSeq, Instant start) {
		List<RecordMetadata> sent = new ArrayList<>();
		for (int seq = fromSeq; seq < toSeq; seq++) {
			for (VehicleId car : cars) {
				TelemetryReported telemetry = new TelemetryReported(car, seq, start.plusSeconds(seq),
						Map.of("Vehicle.Speed", seq % 130));
				sent.add(
						this.topics.publish(KafkaTopic.TELEMETRY.topicName(), car.value(), this.json.write(telemetry)));
			}
		}
		return sent;
	}

	private long rows(List<VehicleId> cars, String aggregate) {
		return this.jdbc.sql("select " + aggregate + " from telemetry where vin in (:vins)")
			.param("vins", cars.stream().map(VehicleId::value).toList())
			.query(Long.class)
			.single();
	}

	private long rawDocuments(List<VehicleId> cars) {
		return this.mongo.getCollection("telemetry_raw")
			.countDocuments(new Document("vin", new Document("$in", cars.stream().map(VehicleId::value).toList())));
	}

}
