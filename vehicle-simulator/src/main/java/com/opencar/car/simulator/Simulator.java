package com.opencar.car.simulator;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import com.opencar.car.common.vehicle.VehicleId;

/**
 * The fleet of simulated cars: connects them (spread over the first seconds, as a fleet
 * wakes up), ticks each one every telemetry interval on a few shared threads, and stops
 * them saying goodbye.
 */
@Component
public class Simulator implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(Simulator.class);

	private final SimulatorProperties properties;

	private final Clock clock;

	private final List<SimulatedCar> cars = new ArrayList<>();

	private ScheduledExecutorService scheduler;

	private volatile boolean running;

	private volatile LoadRun load;

	Simulator(SimulatorProperties properties, Clock clock, MeterRegistry meters) {
		this.properties = properties;
		this.clock = clock;
		Gauge.builder("car.simulator.cars.online", this, (simulator) -> simulator.online()).register(meters);
		Gauge.builder("car.simulator.messages.published", this, (simulator) -> simulator.published()).register(meters);
		Gauge.builder("car.simulator.messages.acknowledged", this, (simulator) -> simulator.acknowledged())
			.register(meters);
		Gauge.builder("car.simulator.messages.buffered", this, (simulator) -> simulator.buffered()).register(meters);
	}

	/**
	 * @param index the car's number
	 * @param prefix the VIN's first 8 characters
	 * @return its VIN
	 */
	public static VehicleId vin(String prefix, int index) {
		return VehicleId.of(prefix + String.format("%09d", index));
	}

	@Override
	public void start() {
		int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
		this.scheduler = Executors.newScheduledThreadPool(threads, (task) -> {
			Thread thread = new Thread(task, "simulator");
			thread.setDaemon(true);
			return thread;
		});
		SplittableRandom seeds = new SplittableRandom(this.properties.seed());
		long interval = this.properties.telemetryInterval().toMillis();
		if (this.properties.load().rate() > 0) {
			startLoad(seeds);
			return;
		}
		for (int index = 1; index <= this.properties.cars(); index++) {
			SimulatedCar car = new SimulatedCar(vin(this.properties.vinPrefix(), index), this.properties, seeds.split(),
					this.scheduler, this.clock);
			this.cars.add(car);
			long offset = (index * interval) / Math.max(1, this.properties.cars());
			this.scheduler.schedule(() -> car.connect().whenComplete((done, ex) -> {
				if (ex != null) {
					log.warn("Car {} could not connect yet (it keeps trying): {}", car.vin().value(), ex.getMessage());
				}
			}), offset, TimeUnit.MILLISECONDS);
			this.scheduler.scheduleAtFixedRate(() -> tick(car, interval), interval + offset, interval,
					TimeUnit.MILLISECONDS);
		}
		this.running = true;
		log.info("Simulating {} cars around ({}, {}) against {}", this.properties.cars(),
				this.properties.city().latitude(), this.properties.city().longitude(), this.properties.mqtt().url());
	}

	/** Load mode: connect every car, then publish at the fixed rate. */
	private void startLoad(SplittableRandom seeds) {
		for (int index = 1; index <= this.properties.cars(); index++) {
			this.cars.add(new SimulatedCar(vin(this.properties.vinPrefix(), index), this.properties, seeds.split(),
					this.scheduler, this.clock));
		}
		CompletableFuture.allOf(this.cars.stream().map(SimulatedCar::connect).toArray(CompletableFuture[]::new))
			.thenRun(() -> {
				log.info("{} cars connected; publishing {} msg/s for {}", this.cars.size(),
						this.properties.load().rate(), this.properties.load().duration());
				this.load = new LoadRun(this.cars, this.properties.load());
				this.load.start();
			});
		this.running = true;
	}

	private static void tick(SimulatedCar car, long intervalMillis) {
		try {
			car.tick(intervalMillis / 1000.0);
		}
		catch (RuntimeException ex) {
			// one car's trouble must not stop its ticks (a failed scheduled task never
			// runs again)
			log.warn("Car {} failed a step: {}", car.vin().value(), ex.toString());
		}
	}

	@Override
	public void stop() {
		this.running = false;
		CompletableFuture.allOf(this.cars.stream().map(SimulatedCar::stop).toArray(CompletableFuture[]::new))
			.orTimeout(10, TimeUnit.SECONDS)
			.exceptionally((ex) -> null)
			.join();
		this.scheduler.shutdownNow();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	public List<SimulatedCar> cars() {
		return List.copyOf(this.cars);
	}

	long online() {
		return this.cars.stream().filter(SimulatedCar::online).count();
	}

	long published() {
		return this.cars.stream().mapToLong(SimulatedCar::published).sum();
	}

	long acknowledged() {
		return this.cars.stream().mapToLong(SimulatedCar::acknowledged).sum();
	}

	long buffered() {
		return this.cars.stream().mapToLong(SimulatedCar::buffered).sum();
	}

}
