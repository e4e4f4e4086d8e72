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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

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

	private static final Pattern ACKNOWLEDGED = Pattern.compile("sent (\\d+), acknowledged (\\d+) .* failed (\\d+)");

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
			run.start(scheduler);
			await().atMost(Duration.ofSeconds(30)).until(() -> sent(run.report()) >= 600);
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				Matcher figures = ACKNOWLEDGED.matcher(run.report());
				assertThat(figures.find()).isTrue();
				assertThat(Long.parseLong(figures.group(1))).isBetween(590L, 610L);
				assertThat(figures.group(2)).isEqualTo(figures.group(1));
				assertThat(figures.group(3)).isEqualTo("0");
			});
			assertThat(run.report()).contains("payload 512 B").containsPattern("p99 \\d+\\.\\d ms");
		}
		finally {
			cars.forEach((car) -> car.stop().join());
			scheduler.shutdownNow();
		}
	}

	private static long sent(String report) {
		Matcher figures = ACKNOWLEDGED.matcher(report);
		return figures.find() ? Long.parseLong(figures.group(1)) : 0;
	}

}
