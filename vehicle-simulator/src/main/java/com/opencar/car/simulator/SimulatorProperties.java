package com.opencar.car.simulator;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the simulator, under {@code car.simulator}.
 *
 * @param mqtt the broker the cars connect to
 * @param cars how many cars
 * @param vinPrefix the first 8 characters of every VIN (a serial number follows)
 * @param telemetryInterval how often each car reports telemetry
 * @param seed seed of the random behaviour, for repeatable runs
 * @param city where the cars drive
 * @param behaviour how often things happen
 * @param connectivity dead zones and tunnels
 * @param commands how cars answer commands
 * @param load the load mode for benchmarks
 */
@ConfigurationProperties("car.simulator")
public record SimulatorProperties(@DefaultValue Mqtt mqtt, @DefaultValue("50") int cars,
		@DefaultValue("SMCAR000") String vinPrefix, @DefaultValue("1s") Duration telemetryInterval,
		@DefaultValue("42") long seed, @DefaultValue City city, @DefaultValue Behaviour behaviour,
		@DefaultValue Connectivity connectivity, @DefaultValue Commands commands, @DefaultValue Load load) {

	/**
	 * @param url {@code tcp://host:port}
	 * @param username for brokers that require one
	 * @param password its password
	 * @param sessionExpiry how long the broker keeps a car's session (and its queued
	 * commands) while it is away
	 * @param qos 0 or 1, for telemetry
	 * @param carSecret when set, each car signs in as itself, as brokers with per-vehicle
	 * ACLs require: user name its VIN, password derived from this secret and the VIN
	 * ({@link CarCredentials}); {@code security/simulated-cars.sh} registers the same
	 * passwords with Mosquitto. Development only: real cars get their own random secrets
	 * or certificates.
	 */
	public record Mqtt(@DefaultValue("tcp://localhost:1883") String url, String username, String password,
			@DefaultValue("1h") Duration sessionExpiry, @DefaultValue("1") int qos, String carSecret) {

	}

	/**
	 * @param latitude the centre's latitude
	 * @param longitude the centre's longitude
	 * @param radiusKm how far from the centre the cars drive
	 */
	public record City(@DefaultValue("52.52") double latitude, @DefaultValue("13.405") double longitude,
			@DefaultValue("12") double radiusKm) {

	}

	/**
	 * Probabilities per second of driving (or of being switched on, for codes).
	 *
	 * @param harshBrakingProbability a sudden stop
	 * @param dtcProbability a diagnostic trouble code
	 * @param crashProbability a crash
	 * @param chargeBelowPercent a car goes charging below this state of charge
	 * @param chargingSpeedUp how much faster than real time batteries charge
	 */
	public record Behaviour(@DefaultValue("0.002") double harshBrakingProbability,
			@DefaultValue("0.00005") double dtcProbability, @DefaultValue("0.0000005") double crashProbability,
			@DefaultValue("20") double chargeBelowPercent, @DefaultValue("10") double chargingSpeedUp) {

	}

	/**
	 * @param offlineProbability chance per second that a connected car loses its
	 * connection
	 * @param offlineMin the shortest time away
	 * @param offlineMax the longest time away
	 * @param bufferLimit telemetry messages a car keeps while away (the oldest go first)
	 */
	public record Connectivity(@DefaultValue("0.001") double offlineProbability,
			@DefaultValue("10s") Duration offlineMin, @DefaultValue("90s") Duration offlineMax,
			@DefaultValue("10000") int bufferLimit) {

	}

	/**
	 * @param outcomeDelayMin the shortest time from RECEIVED to the outcome
	 * @param outcomeDelayMax the longest
	 * @param failureProbability chance that a command fails on the car (actuator fault)
	 */
	public record Commands(@DefaultValue("300ms") Duration outcomeDelayMin,
			@DefaultValue("1500ms") Duration outcomeDelayMax, @DefaultValue("0.02") double failureProbability) {

	}

	/**
	 * Load mode: instead of driving, the cars together publish telemetry at a fixed rate
	 * for a while and the simulator reports the rate the broker acknowledged and the
	 * publish-to-acknowledgement latency percentiles (with the ingest bridge, an
	 * acknowledgement means Kafka has the message).
	 *
	 * @param rate messages per second over all cars; 0 simulates driving instead
	 * @param duration how long to publish
	 * @param payloadSize the size of each telemetry payload (padded with an unknown
	 * signal)
	 */
	public record Load(@DefaultValue("0") int rate, @DefaultValue("60s") Duration duration,
			@DefaultValue("200B") DataSize payloadSize) {

	}

}
