package com.opencar.car.command.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import com.opencar.car.command.CommandIntegrationTest;
import com.opencar.car.command.support.CommandsApi;
import com.opencar.car.command.support.ResponseCounts;
import com.opencar.car.command.support.TestCar;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.testsupport.TestMqttBroker;
import com.opencar.car.testsupport.TestPostgres;
import com.opencar.car.testsupport.TestVins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cars' answers while PostgreSQL is down: held unacknowledged by the worker, which
 * retries the step that failed and is reported stuck once that lasts, and applied once
 * the database is back, in order and each once (none counted again as a duplicate). A
 * command created meanwhile is answered 503 with {@code Retry-After}.
 */
@CommandIntegrationTest
@TestPropertySource(properties = { "spring.datasource.hikari.connection-timeout=2000", "car.paths.stuck-after=2s" })
class AnswersThroughADatabaseOutageIntegrationTests {

	@Autowired
	private CommandsApi api;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private HealthContributorRegistry health;

	@Autowired
	private RestTestClient client;

	@Test
	void answersDuringAnOutageApplyInOrderOnceWhenTheDatabaseIsBack(TestMqttBroker broker, TestPostgres postgres)
			throws Exception {
		VehicleId vin = TestVins.fresh().next();
		try (TestCar car = TestCar.connect(broker, vin)) {
			this.api.connectivity(vin, true);
			List<String> created = new ArrayList<>();
			for (int index = 0; index < 3; index++) {
				created.add(this.api.create(vin, Map.of("type", "LOCK_DOORS")));
			}
			created.forEach((id) -> this.api.awaitStatus(id, "SENT"));
			double appliedBefore = responses("applied");
			double ignoredBefore = responses("ignored");

			postgres.outage().begin();
			try {
				for (String id : created) {
					car.answer(vin, id, "RECEIVED");
					car.answer(vin, id, "SUCCEEDED");
				}
				// nothing can be applied meanwhile, and nothing is given up
				await().during(Duration.ofSeconds(3))
					.atMost(Duration.ofSeconds(5))
					.until(() -> responses("applied") == appliedBefore && responses("ignored") == ignoredBefore);
				// a command created meanwhile is refused as one to send again, not a bare
				// 500
				this.client.post()
					.uri("/api/v1/vehicles/{vin}/commands", vin.value())
					.contentType(MediaType.APPLICATION_JSON)
					.body(Map.of("type", "LOCK_DOORS"))
					.exchange()
					.expectStatus()
					.isEqualTo(503)
					.expectHeader()
					.valueEquals(HttpHeaders.RETRY_AFTER, "5")
					.expectBody()
					.jsonPath("$.type")
					.isEqualTo("urn:car:problem:database-unavailable");
				// retried for longer than car.paths.stuck-after: the worker's path is
				// named
				// stuck, and liveness is DOWN
				await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
					Health paths = health("paths");
					assertThat(paths.getStatus()).isEqualTo(Status.DOWN);
					assertThat(paths.getDetails()).anySatisfy((path, detail) -> {
						assertThat(path).startsWith("command-responses-");
						assertThat(detail.toString()).startsWith("stuck");
					});
				});
			}
			finally {
				postgres.outage().end();
			}

			created.forEach((id) -> this.api.awaitStatus(id, "SUCCEEDED"));
			await().atMost(Duration.ofSeconds(30)).until(() -> health("paths").getStatus(), Status.UP::equals);
			assertThat(created).allSatisfy((id) -> assertThat(this.api.statuses(id)).containsExactly("QUEUED", "SENT",
					"DELIVERED", "SUCCEEDED"));
			assertThat(responses("applied") - appliedBefore).isEqualTo(6);
			assertThat(responses("ignored")).isEqualTo(ignoredBefore);
		}
	}

	private Health health(String component) {
		return ((HealthIndicator) this.health.getContributor(component)).health();
	}

	private double responses(String result) {
		return ResponseCounts.of(this.meters, "result", result);
	}

}
