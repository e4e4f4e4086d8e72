package com.opencar.car.command.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import com.opencar.car.command.CommandIntegrationTest;
import com.opencar.car.command.support.CommandsApi;
import com.opencar.car.command.support.TestCar;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.testsupport.TestMqttBroker;
import com.opencar.car.testsupport.TestVins;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retries, timeouts and expiry, with short timers.
 */
@CommandIntegrationTest
@TestPropertySource(properties = { "car.command.delivery.ack-timeout=1s", "car.command.delivery.max-attempts=3" })
class CommandTimersIntegrationTests {

	@Autowired
	private CommandsApi api;

	private final TestVins vins = TestVins.fresh();

	@Test
	void aSilentCarGetsTheSameCommandMaxAttemptsTimesThenItTimesOut(TestMqttBroker broker) throws Exception {
		VehicleId vin = this.vins.next();
		try (TestCar car = TestCar.connect(broker, vin)) {
			this.api.connectivity(vin, true);
			String id = this.api.create(vin, Map.of("type", "LOCATE"));
			this.api.awaitStatus(id, "TIMED_OUT");
			assertThat(car.received()).hasSize(3)
				.allSatisfy((message) -> assertThat(TestCar.text(message)).contains(id));
			assertThat(this.api.command(id)).containsEntry("attempts", 3);
			assertThat(this.api.statuses(id)).containsExactly("QUEUED", "SENT", "TIMED_OUT");
		}
	}

	@Test
	void aCarThatNeverReportsAnOutcomeTimesOutAfterTimeoutSeconds(TestMqttBroker broker) throws Exception {
		VehicleId vin = this.vins.next();
		try (TestCar car = TestCar.connect(broker, vin, "RECEIVED")) {
			this.api.connectivity(vin, true);
			String id = this.api.create(vin, Map.of("type", "LOCK_DOORS", "timeoutSeconds", 5));
			this.api.awaitStatus(id, "DELIVERED");
			Instant delivered = Instant.now();
			this.api.awaitStatus(id, "TIMED_OUT");
			assertThat(Duration.between(delivered, Instant.now())).isGreaterThan(Duration.ofSeconds(3));
			assertThat(this.api.statuses(id)).containsExactly("QUEUED", "SENT", "DELIVERED", "TIMED_OUT");
		}
	}

	@Test
	void aCommandForAnOfflineCarExpiresWhenItsTimeToLiveEnds() {
		String id = this.api.create(this.vins.next(), Map.of("type", "HONK_AND_FLASH", "ttlSeconds", 2));
		this.api.awaitStatus(id, "EXPIRED");
		assertThat(this.api.statuses(id)).containsExactly("QUEUED", "EXPIRED");
	}

}
