package com.opencar.car.analytics.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

import org.springframework.stereotype.Component;

import com.opencar.car.analytics.AnalyticsProperties;
import com.opencar.car.analytics.streams.Instances;

/**
 * Reads the windowed telemetry counts: each instance counts the vehicles of its own
 * partitions, so a fleet-wide figure is the sum over all instances.
 */
@Component
public class FleetMetrics {

	private final Instances instances;

	private final Duration window;

	FleetMetrics(Instances instances, AnalyticsProperties properties) {
		this.instances = instances;
		this.window = properties.fleetMetrics().window();
	}

	/**
	 * @return the window size
	 */
	public Duration window() {
		return this.window;
	}

	/**
	 * @param at an instant
	 * @return the start of the window holding it
	 */
	public Instant windowStart(Instant at) {
		long size = this.window.toMillis();
		return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), size) * size);
	}

	/**
	 * @param start a window's start
	 * @return the fleet's counts in that window, over every instance
	 */
	public FleetWindow fleetWindow(Instant start) {
		FleetWindow total = localWindow(start);
		for (FleetWindow remote : this.instances.fromOthers(FleetMetricsTopology.MESSAGES_PER_VEHICLE_STORE,
				"/internal/v1/fleet-window?start=" + start, FleetWindow.class)) {
			total = total.plus(remote);
		}
		return total;
	}

	/**
	 * @param start a window's start
	 * @return the counts of this instance's partitions in that window
	 */
	public FleetWindow localWindow(Instant start) {
		long messages = 0;
		Set<String> vehicles = new HashSet<>();
		try (KeyValueIterator<Windowed<String>, Long> windows = store().fetchAll(start, start)) {
			while (windows.hasNext()) {
				KeyValue<Windowed<String>, Long> window = windows.next();
				messages += window.value;
				vehicles.add(window.key.key());
			}
		}
		return new FleetWindow(start, start.plus(this.window), messages, vehicles.size());
	}

	/**
	 * @param vin a vehicle this instance holds
	 * @param start a window's start
	 * @return the vehicle's telemetry messages in that window
	 */
	public long localVehicleWindow(String vin, Instant start) {
		Long count = store().fetch(vin, start.toEpochMilli());
		return (count != null) ? count : 0;
	}

	private ReadOnlyWindowStore<String, Long> store() {
		return this.instances.localStore(FleetMetricsTopology.MESSAGES_PER_VEHICLE_STORE,
				QueryableStoreTypes.windowStore());
	}

}
