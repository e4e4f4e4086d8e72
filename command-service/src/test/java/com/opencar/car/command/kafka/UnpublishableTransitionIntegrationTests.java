package com.opencar.car.command.kafka;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import com.opencar.car.command.support.CommandInstance;
import com.opencar.car.command.support.TestCar;
import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.testsupport.RealServers;
import com.opencar.car.testsupport.Server;
import com.opencar.car.testsupport.TestKafka;
import com.opencar.car.testsupport.TestMqttBroker;
import com.opencar.car.testsupport.TestPostgres;
import com.opencar.car.testsupport.TestVins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A transition Kafka refuses for good no longer holds up the outbox: it is marked with
 * the reason and counted, and every later transition reaches Kafka. The producer here
 * takes records of up to 600 bytes, so a FAILED transition with a 500-character reason is
 * too large, and the others are not.
 */
@RealServers({ Server.KAFKA, Server.MQTT, Server.POSTGRES })
class UnpublishableTransitionIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private final TestVins vins = TestVins.fresh();

	private final VehicleJson json = new VehicleJson();

	@Test
	void aTransitionKafkaRefusesForGoodIsSetAsideAndTheOthersFlow(TestMqttBroker broker, TestKafka kafka,
			TestPostgres postgres) throws Exception {
		VehicleId refusing = this.vins.next();
		VehicleId fine = this.vins.next();
		try (TestCar slow = TestCar.connect(broker, refusing, "RECEIVED");
				TestCar car = TestCar.connect(broker, fine, "RECEIVED", "SUCCEEDED");
				CommandInstance service = CommandInstance.start(broker, kafka, postgres,
						"command-outbox-" + UUID.randomUUID(), Map.of("car.command.delivery.shared-group", "",
								"spring.kafka.producer.properties.max.request.size", "600"))) {
			service.connectivity(refusing, true);
			service.connectivity(fine, true);
			String tooLarge = create(service, refusing);
			await().atMost(PATIENCE).until(() -> "DELIVERED".equals(status(service, tooLarge)));
			slow.send("{\"commandId\":\"" + tooLarge + "\",\"status\":\"FAILED\",\"reason\":\"" + "x".repeat(500)
					+ "\",\"ts\":\"" + Instant.now() + "\"}");
			await().atMost(PATIENCE).until(() -> "FAILED".equals(status(service, tooLarge)));
			List<String> later = new ArrayList<>();
			for (int index = 0; index < 3; index++) {
				later.add(create(service, fine));
			}

			// every later command's whole history is in Kafka, the refused transition is
			// not
			List<String> published = published(kafka, later, tooLarge);
			assertThat(later).allSatisfy((id) -> assertThat(published).contains(id + " SUCCEEDED"));
			assertThat(published).contains(tooLarge + " QUEUED", tooLarge + " SENT", tooLarge + " DELIVERED")
				.doesNotContain(tooLarge + " FAILED");
			assertThat(publishFailure(postgres, tooLarge)).contains("RecordTooLargeException");
			assertThat(Search.in(service.bean(MeterRegistry.class))
				.name("car.command.transitions.unpublishable")
				.counter()
				.count()).isEqualTo(1);
		}
	}

	private List<String> published(TestKafka kafka, List<String> awaited, String refused) {
		List<String> published = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
						ConsumerConfig.GROUP_ID_CONFIG, "outbox-" + UUID.randomUUID(),
						ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new StringDeserializer(), new StringDeserializer())) {
			consumer.subscribe(List.of(KafkaTopic.COMMANDS.topicName()));
			await().atMost(PATIENCE).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach((record) -> {
					Map<?, ?> event = this.json.read(record.value().getBytes(StandardCharsets.UTF_8), Map.class);
					published.add(event.get("commandId") + " " + event.get("status"));
				});
				return awaited.stream().allMatch((id) -> published.contains(id + " SUCCEEDED"))
						&& published.contains(refused + " DELIVERED");
			});
		}
		return published;
	}

	private String create(CommandInstance service, VehicleId vin) {
		HttpResponse<String> response = service.post(vin, "{\"type\": \"HONK_AND_FLASH\", \"timeoutSeconds\": 300}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		return String.valueOf(this.json.read(response.body().getBytes(), Map.class).get("id"));
	}

	private String status(CommandInstance service, String id) {
		return String
			.valueOf(this.json.read(service.get("/api/v1/commands/" + id).body().getBytes(), Map.class).get("status"));
	}

	private static String publishFailure(TestPostgres postgres, String id) throws Exception {
		try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(),
				postgres.password());
				PreparedStatement statement = connection.prepareStatement(
						"select publish_failure from command_transitions where command_id = ?::uuid and to_status = 'FAILED'")) {
			statement.setString(1, id);
			try (ResultSet rows = statement.executeQuery()) {
				assertThat(rows.next()).as("the FAILED transition of " + id).isTrue();
				return String.valueOf(rows.getString(1));
			}
		}
	}

}
