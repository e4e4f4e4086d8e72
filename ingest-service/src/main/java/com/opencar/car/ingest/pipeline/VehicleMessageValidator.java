package com.opencar.car.ingest.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.opencar.car.common.json.InvalidPayloadException;
import com.opencar.car.common.json.PayloadViolation;
import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.ingest.IngestProperties.Route;
import com.opencar.car.ingest.IngestProperties.Validation;

/**
 * Checks a message against the contract and the service's limits, and normalizes it.
 */
class VehicleMessageValidator {

	private final VehicleJson json;

	private final long maxPayloadBytes;

	private final Duration maxClockSkew;

	private final Clock clock;

	VehicleMessageValidator(VehicleJson json, Validation validation, Clock clock) {
		this.json = json;
		this.maxPayloadBytes = validation.maxPayloadSize().toBytes();
		this.maxClockSkew = validation.maxClockSkew();
		this.clock = clock;
	}

	/**
	 * @param route the route the topic matched
	 * @param message the message
	 * @return the normalized message
	 * @throws InvalidPayloadException naming the violation
	 */
	ValidatedMessage validate(Route route, IncomingMessage message) {
		if (message.payload().length > this.maxPayloadBytes) {
			throw new InvalidPayloadException(PayloadViolation.TOO_LARGE,
					"payload has " + message.payload().length + " bytes, at most " + this.maxPayloadBytes + " allowed");
		}
		VehicleId vin = vinOf(route, message.topic());
		Instant ts;
		byte[] normalized;
		switch (route.kind()) {
			case TELEMETRY -> {
				var telemetry = this.json.readTelemetry(message.payload(), vin);
				ts = telemetry.ts();
				normalized = this.json.write(telemetry);
			}
			case EVENT -> {
				var event = this.json.readEvent(message.payload(), vin);
				ts = event.ts();
				normalized = this.json.write(event);
			}
			case STATUS -> {
				var status = this.json.readStatus(message.payload(), vin);
				ts = status.ts();
				normalized = this.json.write(status);
			}
			default -> throw new IllegalStateException("Unknown message kind " + route.kind());
		}
		Instant latestAllowed = this.clock.instant().plus(this.maxClockSkew);
		if (ts.isAfter(latestAllowed)) {
			throw new InvalidPayloadException(PayloadViolation.TIMESTAMP_IN_FUTURE,
					"ts " + ts + " is more than " + this.maxClockSkew + " ahead of the service's clock");
		}
		return new ValidatedMessage(vin, normalized);
	}

	private static VehicleId vinOf(Route route, String topic) {
		String vin = route.vinSegment(topic);
		if (!VehicleId.isValid(vin)) {
			throw new InvalidPayloadException(PayloadViolation.INVALID_VIN,
					"topic level " + route.vinLevel() + " of '" + topic + "' is not a VIN");
		}
		return VehicleId.of(vin);
	}

}
