package com.opencar.car.simulator;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import com.opencar.car.simulator.load.LoadGenerator;
import com.opencar.car.testsupport.RealServers;
import com.opencar.car.testsupport.Server;
import com.opencar.car.testsupport.TestMqttBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The load mode against a real broker: the fixed rate holds and every message is
 * acknowledged and timed.
 */
@RealServers(Server.MQTT)
class LoadRunIntegrationTests {

	@Test
	void publishesAtTheFixedRateAndReportsAcknowledgementsAndLatencies(TestMqttBroker broker) {
		SimulatorProperties properties = new Binder(new MapConfigurationPropertySource(Map.of("car.simulator.mqtt.url",
				broker.serverUri(), "car.simulator.vin-prefix", "LDCAR000", "car.simulator.load.rate", "200",
				"car.simulator.load.duration", "3s", "car.simulator.load.payload-size", "512B")))
			.bindOrCreate("car.simulator", SimulatorProperties.class);
		ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
		List<SimulatedCar> cars = new ArrayList<>();
		SplittableRandom random = new SplittableRandom(1);
		for (int index = 1; index <= 20; index++) {
			cars.add(new SimulatedCar(Simulator.vin("LDCAR000", index), properties, random.split(), scheduler,
					Clock.systemUTC()));
		}
		try {
			CompletableFuture.allOf(cars.stream().map(SimulatedCar::connect).toArray(CompletableFuture[]::new)).join();
			LoadRun run = new LoadRun(cars, properties.load());
			run.start();
			await().atMost(Duration.ofSeconds(60)).until(() -> run.finalReport() != null);
			LoadGenerator.Result result = run.result();
			assertThat(result.issued()).isEqualTo(600);
			assertThat(result.completed()).isEqualTo(600);
			assertThat(result.latencies().failed()).isZero();
			assertThat(result.latencies().count()).isEqualTo(600);
			// 600 messages at 200/s: the last is due at 2.995 s
			assertThat(result.rate()).isBetween(150.0, 201.0);
			assertThat(result.latencies().p99()).isPositive();
			assertThat(run.finalReport()).contains("payload 512 B", "sent 600").containsPattern("p99 \\d+\\.\\d ms");
		}
		finally {
			cars.forEach((car) -> car.stop().join());
			scheduler.shutdownNow();
		}
	}

}
