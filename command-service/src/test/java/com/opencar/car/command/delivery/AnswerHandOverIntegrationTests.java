package com.opencar.car.command.delivery;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

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
 * Two instances share the cars' answers on Mosquitto, which queues a shared
 * subscription's messages to the sessions of members that are away. An instance that
 * stops cleanly hands its share to the other; the last one to stop keeps it, so the
 * answers wait for it instead of being dropped.
 */
@RealServers({ Server.KAFKA, Server.MOSQUITTO, Server.POSTGRES })
class AnswerHandOverIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private final TestVins vins = TestVins.fresh();

	private final VehicleJson json = new VehicleJson();

	@Test
	void whileOneInstanceIsAwayTheOtherGetsEveryAnswer(TestMosquitto mosquitto, TestKafka kafka, TestPostgres postgres)
			throws Exception {
		TestMqttBroker broker = mosquitto.broker();
		Map<String, Object> properties = Map.of("car.command.delivery.shared-group", "handover-" + UUID.randomUUID());
		String away = "handover-away-" + UUID.randomUUID();
		String stays = "handover-staying-" + UUID.randomUUID();
		VehicleId vin = this.vins.next();
		try (TestCar car = TestCar.connect(broker, vin, "RECEIVED", "SUCCEEDED");
				CommandInstance staying = CommandInstance.start(broker, kafka, postgres, stays, properties)) {
			try (CommandInstance leaving = CommandInstance.start(broker, kafka, postgres, away, properties)) {
				awaitSubscribers(postgres, stays, away);
			}
			staying.connectivity(vin, true);
			// the instance that left is not back: an answer queued for its session would
			// wait past the five seconds the car has to answer in
			List<String> ids = new ArrayList<>();
			for (int index = 0; index < 20; index++) {
				ids.add(create(staying, vin));
			}
			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(ids).allSatisfy(
						(id) -> assertThat(status(staying, id)).as("command %s", id).isIn("SUCCEEDED", "TIMED_OUT")));
			assertThat(ids)
				.allSatisfy((id) -> assertThat(status(staying, id)).as("command %s", id).isEqualTo("SUCCEEDED"));
		}
	}

	@Test
	void theLastToStopKeepsTheAnswersForItsReturn(TestMosquitto mosquitto, TestKafka kafka, TestPostgres postgres)
			throws Exception {
		TestMqttBroker broker = mosquitto.broker();
		Map<String, Object> properties = Map.of("car.command.delivery.shared-group", "handover-" + UUID.randomUUID());
		String first = "handover-first-" + UUID.randomUUID();
		String second = "handover-second-" + UUID.randomUUID();
		VehicleId vin = this.vins.next();
		try (TestCar car = TestCar.connect(broker, vin, "RECEIVED")) {
			String id;
			CommandInstance one = CommandInstance.start(broker, kafka, postgres, first, properties);
			CommandInstance other = CommandInstance.start(broker, kafka, postgres, second, properties);
			try {
				awaitSubscribers(postgres, first, second);
				one.connectivity(vin, true);
				id = create(one, vin, 120);
				await().atMost(PATIENCE).until(() -> "DELIVERED".equals(status(one, id)));
			}
			finally {
				// stopped together, as a scale to zero does
				CompletableFuture
					.allOf(CompletableFuture.runAsync(one::close), CompletableFuture.runAsync(other::close))
					.join();
			}
			// no instance runs: had both unsubscribed, the broker would drop this
			car.answer(vin, id, "SUCCEEDED");
			try (CommandInstance oneAgain = CommandInstance.start(broker, kafka, postgres, first, properties);
					CommandInstance otherAgain = CommandInstance.start(broker, kafka, postgres, second, properties)) {
				await().atMost(PATIENCE).until(() -> "SUCCEEDED".equals(status(oneAgain, id)));
			}
		}
	}

	/** Until both count as holding the answers' subscription. */
	private static void awaitSubscribers(TestPostgres postgres, String... clientIds) {
		String members = Arrays.stream(clientIds)
			.map((clientId) -> String.valueOf(AnswerSubscribers.member(clientId + "-responses")))
			.collect(Collectors.joining(", "));
		await().atMost(PATIENCE).until(() -> {
			try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(),
					postgres.password());
					ResultSet rows = connection.createStatement()
						.executeQuery("select count(*) from pg_locks where locktype = 'advisory' and granted "
								+ "and objsubid = 2 and classid::int = " + AnswerSubscribers.SPACE
								+ " and objid::int in (" + members + ")")) {
				rows.next();
				return rows.getInt(1) == clientIds.length;
			}
		});
	}

	private String create(CommandInstance service, VehicleId vin) {
		return create(service, vin, 5);
	}

	private String create(CommandInstance service, VehicleId vin, int timeoutSeconds) {
		HttpResponse<String> response = service.post(vin,
				"{\"type\": \"HONK_AND_FLASH\", \"timeoutSeconds\": " + timeoutSeconds + "}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		return String.valueOf(this.json.read(response.body().getBytes(), Map.class).get("id"));
	}

	@SuppressWarnings("unchecked")
	private String status(CommandInstance service, String id) {
		return String
			.valueOf(this.json.read(service.get("/api/v1/commands/" + id).body().getBytes(), Map.class).get("status"));
	}

}
