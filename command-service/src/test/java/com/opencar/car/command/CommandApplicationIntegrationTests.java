package com.opencar.car.command;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import com.opencar.car.common.topic.KafkaTopic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

@CommandIntegrationTest
@TestPropertySource(properties = "car.command.kafka.commands-partitions=6")
class CommandApplicationIntegrationTests {

	@Autowired
	private RestTestClient client;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private KafkaAdmin kafkaAdmin;

	@Test
	void appliesItsFlywayMigrationToPostgres() {
		assertThat(this.jdbc.queryForList("select version from flyway_schema_history where success order by 1",
				String.class))
			.contains("1");
		List<String> tables = this.jdbc.queryForList(
				"select table_name from information_schema.tables where table_schema = 'public' order by 1",
				String.class);
		assertThat(tables).contains("command_deliveries", "command_transitions");
		// the schema enforces the contract's states
		UUID id = UUID.randomUUID();
		this.jdbc.update(
				"""
						insert into command_deliveries (id, vin, type, status, timeout_seconds, expires_at, created_at, updated_at)
						values (?, 'WVWZZZ1JZXW000001', 'LOCK_DOORS', 'QUEUED', 30, now(), now(), now())
						""",
				id);
		assertThat(this.jdbc.queryForObject("select status from command_deliveries where id = ?", String.class, id))
			.isEqualTo("QUEUED");
		assertThatException()
			.isThrownBy(() -> this.jdbc
				.update("""
						insert into command_deliveries (id, vin, type, status, timeout_seconds, expires_at, created_at, updated_at)
						values (gen_random_uuid(), 'WVWZZZ1JZXW000001', 'LOCK_DOORS', 'LOST', 30, now(), now(), now())
						"""))
			.withMessageContaining("command_deliveries_status_check");
	}

	@Test
	void createsTheCommandsTopicInKafka() {
		Map<String, TopicDescription> topics = this.kafkaAdmin.describeTopics(KafkaTopic.COMMANDS.topicName());
		assertThat(topics.get(KafkaTopic.COMMANDS.topicName()).partitions()).hasSize(6);
	}

	@Test
	void isReadyWithDatabaseAndBroker() {
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> this.client.get()
				.uri("/actuator/health/readiness")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.components.db.status")
				.isEqualTo("UP")
				.jsonPath("$.components.db.details.database")
				.isEqualTo("PostgreSQL")
				.jsonPath("$.components.mqtt.status")
				.isEqualTo("UP"));
	}

}
