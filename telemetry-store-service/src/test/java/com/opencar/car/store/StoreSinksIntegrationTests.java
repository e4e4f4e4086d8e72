package com.opencar.car.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.opencar.car.common.alert.AlertRaised;
import com.opencar.car.common.alert.AlertSeverity;
import com.opencar.car.common.alert.AlertType;
import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.telemetry.TelemetryReported;
import com.opencar.car.common.telemetry.VehicleEventReported;
import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.common.topic.RecordHeaders;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.store.sink.BatchSink;
import com.opencar.car.store.sink.DeadLetters;
import com.opencar.car.store.support.StoreIntegrationTest;
import com.opencar.car.store.support.StoreTopics;
import com.opencar.car.testsupport.TestVins;

import static org.assertj.core.api.Assertions.assertThat;

@StoreIntegrationTest
class StoreSinksIntegrationTests {

	private static final String[] TELEMETRY_GROUPS = { "store-postgres-telemetry", "store-mongo-raw" };

	@Autowired
	private StoreTopics topics;

	@Autowired
	private VehicleJson json;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private MongoTemplate mongo;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private HealthContributorRegistry health;

	private final TestVins vins = TestVins.fresh();

	private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

	@Test
	void theSameMessagesDeliveredTwiceAreStoredOnce() {
		List<TelemetryReported> messages = new ArrayList<>();
		for (int car = 0; car < 5; car++) {
			VehicleId vin = this.vins.next();
			for (int seq = 0; seq < 40; seq++) {
				messages.add(telemetry(vin, seq, this.now.minusSeconds(200 - seq), Map.of("Vehicle.Speed", seq)));
			}
		}
		List<RecordMetadata> sent = new ArrayList<>();
		for (int round = 0; round < 2; round++) {
			messages.forEach((message) -> sent.add(publish(message)));
		}
		this.topics.awaitConsumed(sent, TELEMETRY_GROUPS);
		assertThat(telemetryRows()).isEqualTo(messages.size());
		assertThat(rawDocuments()).isEqualTo(messages.size());
		VehicleId first = messages.get(0).vin();
		assertThat(this.jdbc.sql("select count(distinct seq) from telemetry where vin = ?")
			.param(first.value())
			.query(Long.class)
			.single()).isEqualTo(40);
		Document raw = this.mongo.getCollection("telemetry_raw")
			.find(new Document("_id", first.value() + ":7"))
			.first();
		assertThat(raw).isNotNull();
		assertThat(raw.get("payload", Document.class).get("signals", Document.class)).containsEntry("Vehicle.Speed", 7);
	}

	@Test
	void vehicleStateHoldsTheNewestSampleWhateverTheArrivalOrder() {
		VehicleId vin = this.vins.next();
		Instant newer = this.now.minusSeconds(10);
		RecordMetadata first = publish(
				telemetry(vin, 2, newer, Map.of("Vehicle.Speed", 50, "Vehicle.CurrentLocation.Latitude", 52.5)));
		this.topics.awaitConsumed(List.of(first), TELEMETRY_GROUPS);
		// an older message arrives late, with a signal the newer one did not carry
		RecordMetadata late = publish(telemetry(vin, 1, newer.minusSeconds(30),
				Map.of("Vehicle.Speed", 10, "Vehicle.Cabin.Door.Row1.DriverSide.IsLocked", true)));
		this.topics.awaitConsumed(List.of(late), TELEMETRY_GROUPS);

		Map<String, Object> state = this.jdbc
			.sql("select last_seq, last_sample_at, signals->>'Vehicle.Speed' as speed, "
					+ "signals->>'Vehicle.Cabin.Door.Row1.DriverSide.IsLocked' as locked from vehicle_state where vin = ?")
			.param(vin.value())
			.query()
			.singleRow();
		assertThat(state).containsEntry("last_seq", 2L).containsEntry("speed", "50").containsEntry("locked", "true");
		assertThat(((java.sql.Timestamp) state.get("last_sample_at")).toInstant()).isEqualTo(newer);
		// both messages are in the time series
		assertThat(this.jdbc.sql("select count(*) from telemetry where vin = ?")
			.param(vin.value())
			.query(Long.class)
			.single()).isEqualTo(2);
	}

	@Test
	void aPoisonRecordIsDeadLetteredAndTheRestOfItsBatchStored() {
		VehicleId good = this.vins.next();
		VehicleId notJson = this.vins.next();
		VehicleId nulChar = this.vins.next();
		VehicleId notBson = this.vins.next();
		Map<String, Double> before = Map.of("postgres-telemetry TRUNCATED",
				deadLettered("postgres-telemetry", "TRUNCATED"), "mongo-raw TRUNCATED",
				deadLettered("mongo-raw", "TRUNCATED"), "postgres-telemetry DB_REJECTED",
				deadLettered("postgres-telemetry", BatchSink.DB_REJECTED), "mongo-raw INVALID",
				deadLettered("mongo-raw", "INVALID"));
		List<RecordMetadata> sent = new ArrayList<>();
		for (int seq = 0; seq < 20; seq++) {
			sent.add(publish(telemetry(good, seq, this.now.minusSeconds(100 - seq), Map.of("Vehicle.Speed", seq))));
			if (seq == 10) {
				sent.add(this.topics.publish(KafkaTopic.TELEMETRY.topicName(), notJson.value(), "{\"seq\":1,"));
				// valid JSON that PostgreSQL's jsonb cannot hold (a NUL character);
				// MongoDB
				// can
				sent.add(publish(telemetry(nulChar, 1, this.now, Map.of("Vehicle.Cabin.Name", "bad\u0000name"))));
				// valid telemetry (unknown fields are ignored) that BSON's JSON reader
				// cannot read: to it "$date" is extended JSON; PostgreSQL can
				sent.add(this.topics.publish(KafkaTopic.TELEMETRY.topicName(), notBson.value(), "{\"seq\":1,\"ts\":\""
						+ this.now + "\",\"signals\":{\"Vehicle.Speed\":1}," + "\"note\":{\"$date\":\"not a date\"}}"));
			}
		}
		this.topics.awaitConsumed(sent, TELEMETRY_GROUPS);
		assertThat(this.jdbc.sql("select count(*) from telemetry where vin = ?")
			.param(good.value())
			.query(Long.class)
			.single()).isEqualTo(20);
		assertThat(this.mongo.getCollection("telemetry_raw").countDocuments(new Document("vin", good.value())))
			.isEqualTo(20);

		// not JSON: refused by both sinks; the NUL: refused by PostgreSQL only; the
		// extended JSON: by MongoDB's sink only
		List<ConsumerRecord<String, byte[]>> deadLetters = this.topics.deadLetters(
				KafkaTopic.TELEMETRY.deadLetterTopicName(), List.of(notJson.value(), nulChar.value(), notBson.value()),
				4);
		assertThat(deadLetters)
			.extracting((record) -> record.key() + " " + StoreTopics.header(record, DeadLetters.DLT_SINK) + " "
					+ StoreTopics.header(record, RecordHeaders.DLT_REASON))
			.containsExactlyInAnyOrder(notJson + " postgres-telemetry TRUNCATED", notJson + " mongo-raw TRUNCATED",
					nulChar + " postgres-telemetry " + BatchSink.DB_REJECTED, notBson + " mongo-raw INVALID");
		assertThat(this.mongo.getCollection("telemetry_raw").countDocuments(new Document("vin", nulChar.value())))
			.isEqualTo(1);
		assertThat(this.jdbc.sql("select count(*) from telemetry where vin = ?")
			.param(notBson.value())
			.query(Long.class)
			.single()).isEqualTo(1);
		// each counted once by its sink and reason
		before.forEach((sinkAndReason, count) -> {
			String[] parts = sinkAndReason.split(" ");
			assertThat(deadLettered(parts[0], parts[1]) - count).as(sinkAndReason).isOne();
		});
		// and no sink is stuck on them
		assertThat(((HealthIndicator) this.health.getContributor("paths")).health().getStatus()).isEqualTo(Status.UP);
	}

	private double deadLettered(String sink, String reason) {
		Counter counter = this.meters.find("car.store.records.dead-lettered")
			.tags("sink", sink, "reason", reason)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	@Test
	void eventsAndAlertsAreStoredOnceEach() {
		VehicleId vin = this.vins.next();
		VehicleEventReported event = new VehicleEventReported(vin, 3, this.now, "DTC", Map.of("code", "P0420"));
		AlertRaised alert = new AlertRaised(UUID.randomUUID(), vin, AlertType.values()[0], AlertSeverity.values()[0],
				this.now, Map.of("speedKmh", 142));
		List<RecordMetadata> events = new ArrayList<>();
		List<RecordMetadata> alerts = new ArrayList<>();
		for (int round = 0; round < 2; round++) {
			events.add(this.topics.publish(KafkaTopic.EVENTS.topicName(), vin.value(), this.json.write(event)));
			alerts.add(this.topics.publish(KafkaTopic.ALERTS.topicName(), vin.value(), this.json.write(alert)));
		}
		this.topics.awaitConsumed(events, "store-postgres-events");
		this.topics.awaitConsumed(alerts, "store-postgres-alerts");
		assertThat(this.jdbc.sql("select type, data->>'code' from vehicle_events_v1 where vin = ?")
			.param(vin.value())
			.query((row, index) -> row.getString(1) + " " + row.getString(2))
			.list()).containsExactly("DTC P0420");
		assertThat(this.jdbc.sql("select alert_id, (data->>'speedKmh')::int from alerts_v1 where vin = ?")
			.param(vin.value())
			.query((row, index) -> row.getObject(1) + " " + row.getInt(2))
			.list()).containsExactly(alert.alertId() + " 142");
	}

	private RecordMetadata publish(TelemetryReported telemetry) {
		return this.topics.publish(KafkaTopic.TELEMETRY.topicName(), telemetry.vin().value(),
				this.json.write(telemetry));
	}

	private static TelemetryReported telemetry(VehicleId vin, long seq, Instant ts, Map<String, Object> signals) {
		return new TelemetryReported(vin, seq, ts, signals);
	}

	private long telemetryRows() {
		return this.jdbc.sql("select count(*) from telemetry where vin like ?")
			.param(this.vins.next().value().substring(0, 7) + "%")
			.query(Long.class)
			.single();
	}

	private long rawDocuments() {
		return this.mongo.getCollection("telemetry_raw")
			.countDocuments(
					new Document("vin", new Document("$regex", "^" + this.vins.next().value().substring(0, 7))));
	}

}
