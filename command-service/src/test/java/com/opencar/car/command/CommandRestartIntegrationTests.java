package com.opencar.car.command;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * The service stops with commands in every unfinished state and comes back under the same
 * identity: each command carries on from where it was, nothing is lost and no car gets a
 * command it already received.
 * <p>
 * On Mosquitto, whose persistent shared-subscription sessions hold the cars' answers
 * while the service is away (HiveMQ CE's shared subscriptions stall, see the README).
 */
@RealServers({ Server.KAFKA, Server.MOSQUITTO, Server.POSTGRES })
class CommandRestartIntegrationTests {

	private static final Logger logger = LoggerFactory.getLogger(CommandRestartIntegrationTests.class);

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private final TestVins vins = TestVins.fresh();

	private final VehicleJson json = new VehicleJson();

	@Test
	void commandsInFlightCarryOnAfterARestart(TestMosquitto mosquitto, TestKafka kafka, TestPostgres postgres)
			throws Exception {
		TestMqttBroker broker = mosquitto.broker();
		String clientId = "command-restart-" + UUID.randomUUID();
		Map<String, Object> properties = Map.of("car.command.delivery.ack-timeout", "2s",
				"car.command.delivery.shared-group", "restart-" + UUID.randomUUID());
		// a car the service believes online whose MQTT client is not connected yet: its
		// commands go out and stay SENT, unacknowledged
		VehicleId unreachable = this.vins.next();
		// a car that acknowledges and reports its outcome only later: DELIVERED
		VehicleId slow = this.vins.next();
		// a car that is offline: QUEUED
		VehicleId offline = this.vins.next();
		List<String> sent = new ArrayList<>();
		List<String> queued = new ArrayList<>();
		String delivered;
		try (TestCar slowCar = TestCar.connect(broker, slow, "RECEIVED")) {
			try (CommandInstance first = CommandInstance.start(broker, kafka, postgres, clientId, properties)) {
				first.connectivity(unreachable, true);
				first.connectivity(slow, true);
				for (int index = 0; index < 5; index++) {
					sent.add(create(first, unreachable, "{\"type\": \"HONK_AND_FLASH\"}"));
					queued.add(create(first, offline, "{\"type\": \"LOCK_DOORS\"}"));
				}
				delivered = create(first, slow, """
						{"type": "START_CLIMATE", "params": {"targetTemperatureC": 21}, "timeoutSeconds": 120}
						""");
				await().atMost(PATIENCE)
					.until(() -> sent.stream().allMatch((id) -> "SENT".equals(status(first, id)))
							&& "DELIVERED".equals(status(first, delivered)));
			}
			Map<String, String> atStop = statuses(postgres);
			logger.info("Stopped with commands {}", new TreeMap<>(atStop));
			assertThat(sent).allSatisfy((id) -> assertThat(atStop).containsEntry(id, "SENT"));
			assertThat(queued).allSatisfy((id) -> assertThat(atStop).containsEntry(id, "QUEUED"));
			assertThat(atStop).containsEntry(delivered, "DELIVERED");

			try (TestCar unreachableCar = TestCar.connect(broker, unreachable, "RECEIVED", "SUCCEEDED");
					TestCar offlineCar = TestCar.connect(broker, offline, "RECEIVED", "SUCCEEDED");
					CommandInstance second = CommandInstance.start(broker, kafka, postgres, clientId, properties)) {
				// the outcome the slow car reports while the service starts again
				slowCar.answer(slow, delivered, "SUCCEEDED");
				second.connectivity(offline, true);
				List<String> all = new ArrayList<>(sent);
				all.addAll(queued);
				all.add(delivered);
				await().atMost(PATIENCE)
					.until(() -> all.stream().allMatch((id) -> "SUCCEEDED".equals(status(second, id))));

				// the unreachable car's commands were published again, with the same ids,
				// and reached it once each
				assertThat(unreachableCar.received()).map(TestCar::commandId).containsExactlyInAnyOrderElementsOf(sent);
				assertThat(sent).allSatisfy((id) -> assertThat(command(second, id)).containsEntry("attempts", 2L));
				// the offline car got its queue once, in creation order
				assertThat(offlineCar.received()).map(TestCar::commandId).containsExactlyElementsOf(queued);
				// the slow car got its command once, before the restart
				assertThat(slowCar.received()).map(TestCar::commandId).containsExactly(delivered);
				assertThat(all).allSatisfy((id) -> assertThat(transitions(second, id)).containsExactly("QUEUED", "SENT",
						"DELIVERED", "SUCCEEDED"));
			}
		}
	}

	private String create(CommandInstance service, VehicleId vin, String body) {
		HttpResponse<String> response = service.post(vin, body);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		return String.valueOf(this.json.read(response.body().getBytes(), Map.class).get("id"));
	}

	private String status(CommandInstance service, String id) {
		return String.valueOf(command(service, id).get("status"));
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> command(CommandInstance service, String id) {
		return this.json.read(service.get("/api/v1/commands/" + id).body().getBytes(), Map.class);
	}

	@SuppressWarnings("unchecked")
	private List<String> transitions(CommandInstance service, String id) {
		return ((List<Map<String, Object>>) command(service, id).get("transitions")).stream()
			.map((transition) -> String.valueOf(transition.get("to")))
			.toList();
	}

	private static Map<String, String> statuses(TestPostgres postgres) throws Exception {
		Map<String, String> statuses = new TreeMap<>();
		try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(),
				postgres.password());
				ResultSet rows = connection.createStatement()
					.executeQuery("select id, status from command_deliveries")) {
			while (rows.next()) {
				statuses.put(rows.getString(1), rows.getString(2));
			}
		}
		return statuses;
	}

}
