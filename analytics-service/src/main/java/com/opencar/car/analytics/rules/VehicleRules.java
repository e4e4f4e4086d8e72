package com.opencar.car.analytics.rules;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.opencar.car.analytics.AnalyticsProperties;
import com.opencar.car.analytics.AnalyticsProperties.Geofence;
import com.opencar.car.analytics.rules.VehicleAnalysisState.DrivingTotals;
import com.opencar.car.analytics.rules.VehicleAnalysisState.OpenTrip;
import com.opencar.car.common.alert.AlertRaised;
import com.opencar.car.common.alert.AlertSeverity;
import com.opencar.car.common.alert.AlertType;
import com.opencar.car.common.signal.VssSignal;
import com.opencar.car.common.telemetry.ConnectivityChanged;
import com.opencar.car.common.telemetry.TelemetryReported;
import com.opencar.car.common.telemetry.VehicleEventReported;
import com.opencar.car.common.vehicle.VehicleId;

/**
 * Every real-time rule, as a pure function of a vehicle's remembered state and its next
 * message: the new state, the alerts raised and the trips finished. Conditions alert when
 * they begin, not on every sample while they last. Alert ids derive from the vehicle, the
 * rule and the sample time, so reprocessing after a failure raises the same alert, which
 * the store keeps once.
 * <p>
 * Each rule, its threshold setting and the trip definition are documented once, in the
 * README's analytics section; the thresholds are {@code car.analytics.rules.*} and
 * {@code car.analytics.trips.*}. Samples older than the newest one seen only count as a
 * sign of life.
 */
public class VehicleRules {

	static final double MOVING_KMH = 1.0;

	/** Speed-derived acceleration only from samples at most this far apart. */
	private static final double MAX_DERIVATIVE_SECONDS = 5;

	private final AnalyticsProperties.Rules rules;

	private final AnalyticsProperties.Trips trips;

	public VehicleRules(AnalyticsProperties properties) {
		this.rules = properties.rules();
		this.trips = properties.trips();
	}

	/**
	 * What one step of the rules produced.
	 *
	 * @param state the vehicle's new state
	 * @param alerts alerts raised, in order
	 * @param trips trips finished
	 */
	public record Outcome(VehicleAnalysisState state, List<AlertRaised> alerts, List<Trip> trips) {

	}

	public Outcome telemetry(VehicleAnalysisState state, TelemetryReported telemetry, Instant now) {
		Map<String, Object> signals = telemetry.signals();
		Instant ts = telemetry.ts();
		if (state.lastSampleAt() != null && !ts.isAfter(state.lastSampleAt())) {
			return new Outcome(seen(state, now, state.online()), List.of(), List.of());
		}
		VehicleId vin = telemetry.vin();
		List<AlertRaised> alerts = new ArrayList<>();
		List<Trip> finished = new ArrayList<>();
		Double speed = number(signals, VssSignal.SPEED);
		Double soc = number(signals, VssSignal.STATE_OF_CHARGE);
		Double latitude = number(signals, VssSignal.LATITUDE);
		Double longitude = number(signals, VssSignal.LONGITUDE);
		double seconds = (state.lastSampleAt() != null) ? Duration.between(state.lastSampleAt(), ts).toMillis() / 1000.0
				: 0;

		Double acceleration = number(signals, VssSignal.ACCELERATION_LONGITUDINAL);
		if (acceleration == null && speed != null && state.lastSpeedKmh() != null && seconds > 0
				&& seconds <= MAX_DERIVATIVE_SECONDS) {
			acceleration = (speed - state.lastSpeedKmh()) / 3.6 / seconds;
		}
		boolean braking = acceleration != null && acceleration <= -this.rules.harshBrakingMs2();
		boolean accelerating = acceleration != null && acceleration >= this.rules.harshAccelerationMs2();
		int harsh = 0;
		if (braking && !state.braking()) {
			harsh++;
			alerts.add(alert(vin, AlertType.HARSH_BRAKING, AlertSeverity.WARNING, ts, "",
					evidence("decelerationMs2", round(-acceleration), "thresholdMs2", this.rules.harshBrakingMs2(),
							"speedKmh", speed, "latitude", latitude, "longitude", longitude)));
		}
		if (accelerating && !state.accelerating()) {
			harsh++;
			alerts.add(alert(vin, AlertType.HARSH_ACCELERATION, AlertSeverity.WARNING, ts, "",
					evidence("accelerationMs2", round(acceleration), "thresholdMs2", this.rules.harshAccelerationMs2(),
							"speedKmh", speed, "latitude", latitude, "longitude", longitude)));
		}

		Double magnitude = magnitude(signals);
		boolean crashing = magnitude != null && magnitude >= this.rules.crashAccelerationMs2();
		if (crashing && !state.crashing()) {
			alerts.add(alert(vin, AlertType.CRASH, AlertSeverity.CRITICAL, ts, "",
					evidence("source", "acceleration", "accelerationMs2", round(magnitude), "thresholdMs2",
							this.rules.crashAccelerationMs2(), "latitude", latitude, "longitude", longitude)));
		}

		boolean speeding = (speed != null) ? speed > this.rules.overspeedKmh() : state.speeding();
		if (speeding && !state.speeding()) {
			alerts.add(alert(vin, AlertType.OVERSPEED, AlertSeverity.WARNING, ts, "", evidence("speedKmh", speed,
					"limitKmh", this.rules.overspeedKmh(), "latitude", latitude, "longitude", longitude)));
		}

		boolean lowBattery = state.lowBattery();
		if (soc != null) {
			if (!lowBattery && soc < this.rules.lowBatteryPercent()) {
				lowBattery = true;
				alerts.add(alert(vin, AlertType.LOW_BATTERY, AlertSeverity.WARNING, ts, "",
						evidence("stateOfCharge", soc, "thresholdPercent", this.rules.lowBatteryPercent())));
			}
			else if (lowBattery && soc >= this.rules.lowBatteryRearmPercent()) {
				lowBattery = false;
			}
		}

		Set<String> inside = state.insideGeofences();
		if (latitude != null && longitude != null) {
			inside = new LinkedHashSet<>();
			for (Geofence fence : this.rules.geofences()) {
				if (Geo.contains(fence, latitude, longitude)) {
					inside.add(fence.name());
					if (!state.insideGeofences().contains(fence.name())) {
						alerts.add(alert(vin, AlertType.GEOFENCE_ENTER, AlertSeverity.INFO, ts, fence.name(),
								evidence("geofence", fence.name(), "latitude", latitude, "longitude", longitude)));
					}
				}
				else if (state.insideGeofences().contains(fence.name())) {
					alerts.add(alert(vin, AlertType.GEOFENCE_EXIT, AlertSeverity.INFO, ts, fence.name(),
							evidence("geofence", fence.name(), "latitude", latitude, "longitude", longitude)));
				}
			}
		}

		boolean connected = seconds > 0 && seconds <= this.trips.gap().toSeconds();
		double stepKm = 0;
		if (connected) {
			if (latitude != null && longitude != null && state.lastLatitude() != null
					&& state.lastLongitude() != null) {
				stepKm = Geo.distanceKm(state.lastLatitude(), state.lastLongitude(), latitude, longitude);
			}
			else if (speed != null && state.lastSpeedKmh() != null) {
				stepKm = (speed + state.lastSpeedKmh()) / 2 * seconds / 3600;
			}
		}
		boolean moving = (speed != null) ? speed >= MOVING_KMH : stepKm > 0;
		DrivingTotals totals = state.totals();
		totals = new DrivingTotals(totals.distanceKm() + stepKm,
				totals.drivingSeconds() + ((moving && connected) ? seconds : 0),
				totals.overspeedSeconds() + ((moving && connected && speeding) ? seconds : 0),
				totals.harshBraking() + ((braking && !state.braking()) ? 1 : 0),
				totals.harshAcceleration() + ((accelerating && !state.accelerating()) ? 1 : 0));

		OpenTrip trip = state.trip();
		if (trip != null && Duration.between(trip.lastMovingAt(), ts).compareTo(this.trips.gap()) > 0) {
			finish(vin, trip).ifPresent(finished::add);
			trip = null;
		}
		double speedNow = (speed != null) ? speed : 0;
		if (moving && trip == null) {
			trip = new OpenTrip(ts, ts, 0, speedNow, 0, 0, soc, soc, harsh);
		}
		else if (trip != null) {
			double movingSeconds = (moving && connected) ? seconds : 0;
			trip = new OpenTrip(trip.start(), moving ? ts : trip.lastMovingAt(), trip.distanceKm() + stepKm,
					Math.max(trip.maxSpeedKmh(), speedNow), trip.movingSeconds() + movingSeconds,
					trip.speedSeconds() + speedNow * movingSeconds,
					(trip.startStateOfCharge() != null) ? trip.startStateOfCharge() : soc,
					(soc != null) ? soc : trip.lastStateOfCharge(), trip.harshEvents() + harsh);
		}

		VehicleAnalysisState next = new VehicleAnalysisState(ts, (speed != null) ? speed : state.lastSpeedKmh(),
				(latitude != null) ? latitude : state.lastLatitude(),
				(longitude != null) ? longitude : state.lastLongitude(), now, true, false, speeding, braking,
				accelerating, crashing, lowBattery, inside, trip, totals);
		return new Outcome(next, alerts, finished);
	}

	public Outcome event(VehicleAnalysisState state, VehicleEventReported event, Instant now) {
		List<AlertRaised> alerts = new ArrayList<>();
		String type = event.type().toUpperCase(Locale.ROOT);
		Map<String, Object> data = new LinkedHashMap<>(event.data());
		data.put("eventSeq", event.seq());
		if ("DTC".equals(type)) {
			alerts.add(alert(event.vin(), AlertType.DIAGNOSTIC_TROUBLE_CODE, AlertSeverity.WARNING, event.ts(),
					"seq" + event.seq(), data));
		}
		else if ("CRASH".equals(type) || "AIRBAG".equals(type)) {
			data.put("source", type);
			alerts.add(
					alert(event.vin(), AlertType.CRASH, AlertSeverity.CRITICAL, event.ts(), "seq" + event.seq(), data));
		}
		return new Outcome(seen(state, now, true), alerts, List.of());
	}

	public Outcome connectivity(VehicleAnalysisState state, ConnectivityChanged change, Instant now) {
		return new Outcome(seen(state, now, change.online()), List.of(), List.of());
	}

	/**
	 * The wall-clock rules, for a vehicle from which nothing arrived for a while.
	 */
	public Outcome idle(VehicleId vin, VehicleAnalysisState state, Instant now) {
		List<AlertRaised> alerts = new ArrayList<>();
		List<Trip> finished = new ArrayList<>();
		if (state.lastSeenAt() == null) {
			return new Outcome(state, alerts, finished);
		}
		Duration quiet = Duration.between(state.lastSeenAt(), now);
		boolean silentAlerted = state.silentAlerted();
		if (state.online() && !silentAlerted && quiet.compareTo(this.rules.silentAfter()) > 0) {
			silentAlerted = true;
			alerts.add(alert(vin, AlertType.VEHICLE_SILENT, AlertSeverity.WARNING, now, "since" + state.lastSeenAt(),
					evidence("lastSeenAt", state.lastSeenAt().toString(), "silentSeconds", quiet.toSeconds(),
							"thresholdSeconds", this.rules.silentAfter().toSeconds())));
		}
		OpenTrip trip = state.trip();
		if (trip != null && quiet.compareTo(this.trips.gap()) > 0) {
			finish(vin, trip).ifPresent(finished::add);
			trip = null;
		}
		if (silentAlerted == state.silentAlerted() && trip == state.trip()) {
			return new Outcome(state, alerts, finished);
		}
		return new Outcome(new VehicleAnalysisState(state.lastSampleAt(), state.lastSpeedKmh(), state.lastLatitude(),
				state.lastLongitude(), state.lastSeenAt(), state.online(), silentAlerted, state.speeding(),
				state.braking(), state.accelerating(), state.crashing(), state.lowBattery(), state.insideGeofences(),
				trip, state.totals()), alerts, finished);
	}

	private Optional<Trip> finish(VehicleId vin, OpenTrip trip) {
		if (trip.distanceKm() < this.trips.minDistanceKm()) {
			return Optional.empty();
		}
		double average = (trip.movingSeconds() > 0) ? trip.speedSeconds() / trip.movingSeconds() : 0;
		Double energy = (trip.startStateOfCharge() != null && trip.lastStateOfCharge() != null)
				? round(trip.startStateOfCharge() - trip.lastStateOfCharge()) : null;
		return Optional.of(new Trip(vin.value(), trip.start(), trip.lastMovingAt(),
				Duration.between(trip.start(), trip.lastMovingAt()).toSeconds(), round(trip.distanceKm()),
				round(trip.maxSpeedKmh()), round(average), energy, trip.harshEvents()));
	}

	private static VehicleAnalysisState seen(VehicleAnalysisState state, Instant now, boolean online) {
		return new VehicleAnalysisState(state.lastSampleAt(), state.lastSpeedKmh(), state.lastLatitude(),
				state.lastLongitude(), now, online, false, state.speeding(), state.braking(), state.accelerating(),
				state.crashing(), state.lowBattery(), state.insideGeofences(), state.trip(), state.totals());
	}

	private static AlertRaised alert(VehicleId vin, AlertType type, AlertSeverity severity, Instant ts,
			String discriminator, Map<String, Object> data) {
		UUID id = UUID.nameUUIDFromBytes(
				(vin.value() + '|' + type + '|' + ts + '|' + discriminator).getBytes(StandardCharsets.UTF_8));
		return new AlertRaised(id, vin, type, severity, ts, data);
	}

	/** Pairs of name and value; null values left out. */
	private static Map<String, Object> evidence(Object... pairs) {
		Map<String, Object> data = new LinkedHashMap<>();
		for (int index = 0; index < pairs.length; index += 2) {
			if (pairs[index + 1] != null) {
				data.put((String) pairs[index], pairs[index + 1]);
			}
		}
		return data;
	}

	private static Double magnitude(Map<String, Object> signals) {
		Double longitudinal = number(signals, VssSignal.ACCELERATION_LONGITUDINAL);
		Double lateral = number(signals, VssSignal.ACCELERATION_LATERAL);
		Double vertical = number(signals, VssSignal.ACCELERATION_VERTICAL);
		if (longitudinal == null && lateral == null && vertical == null) {
			return null;
		}
		double x = (longitudinal != null) ? longitudinal : 0;
		double y = (lateral != null) ? lateral : 0;
		double z = (vertical != null) ? vertical : 0;
		return Math.sqrt(x * x + y * y + z * z);
	}

	static Double number(Map<String, Object> signals, VssSignal signal) {
		return (signals.get(signal.path()) instanceof Number number) ? number.doubleValue() : null;
	}

	static double round(double value) {
		return Math.round(value * 100) / 100.0;
	}

}
