package com.opencar.car.simulator;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.opencar.car.simulator.load.LoadGenerator;

/**
 * The load mode's run: the cars in turn publish telemetry at a fixed total rate through
 * the shared {@link LoadGenerator}, every message timed from publish to the broker's
 * acknowledgement, and at the end the achieved rate and the percentiles are reported.
 */
final class LoadRun {

	private static final Logger log = LoggerFactory.getLogger(LoadRun.class);

	/** Unacknowledged publishes per car, as a car with a small send window. */
	private static final int WINDOW_PER_CAR = 10;

	private final List<SimulatedCar> cars;

	private final SimulatorProperties.Load load;

	private final String padding;

	private final LoadGenerator generator;

	private volatile String report;

	LoadRun(List<SimulatedCar> cars, SimulatorProperties.Load load) {
		this.cars = cars;
		this.load = load;
		// the payload's JSON without padding is about 130 bytes
		this.padding = "x".repeat((int) Math.max(0, load.payloadSize().toBytes() - 130));
		this.generator = new LoadGenerator(
				LoadGenerator.Plan.count((long) load.rate() * Math.max(1, load.duration().toSeconds()), load.rate(),
						WINDOW_PER_CAR * cars.size()));
	}

	/** Publishes for the configured duration on a thread of its own, then reports. */
	void start() {
		Thread thread = new Thread(() -> {
			this.generator.run((index) -> this.cars.get((int) (index % this.cars.size())).publishLoad(this.padding),
					Duration.ofSeconds(30));
			this.report = report();
			log.info(this.report);
		}, "simulator-load");
		thread.setDaemon(true);
		thread.start();
	}

	/** The final report, or {@code null} while the run is on. */
	String finalReport() {
		return this.report;
	}

	/** The figures so far. */
	LoadGenerator.Result result() {
		return this.generator.result();
	}

	/** The run's figures so far. */
	String report() {
		LoadGenerator.Result result = this.generator.result();
		return String.format(Locale.ROOT, "load: %d cars, target %d msg/s for %d s, payload %d B: sent %d, %s",
				this.cars.size(), this.load.rate(), this.load.duration().toSeconds(), this.load.payloadSize().toBytes(),
				result.issued(), result);
	}

}
