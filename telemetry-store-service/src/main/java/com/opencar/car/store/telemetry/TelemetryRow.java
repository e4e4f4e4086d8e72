package com.opencar.car.store.telemetry;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.signal.VssSignal;
import com.opencar.car.common.telemetry.TelemetryReported;
import com.opencar.car.common.topic.RecordHeaders;
import com.opencar.car.common.vehicle.VehicleId;

/**
 * One telemetry message as the store writes it.
 *
 * @param telemetry the message
 * @param receivedAt when the ingest received it (its {@code received_at} header), or when
 * the store did if the header is missing
 */
public record TelemetryRow(TelemetryReported telemetry, Instant receivedAt) {

	/**
	 * Parses a {@code vehicle.telemetry.v1} record with the same strict codec the ingest
	 * validates with; the key is the VIN.
	 */
	public static TelemetryRow parse(VehicleJson json, ConsumerRecord<String, byte[]> record) {
		TelemetryReported telemetry = json.readTelemetry(record.value(), VehicleId.of(record.key()));
		return new TelemetryRow(telemetry, receivedAt(record));
	}

	static Instant receivedAt(ConsumerRecord<String, byte[]> record) {
		Header header = record.headers().lastHeader(RecordHeaders.RECEIVED_AT);
		if (header != null) {
			try {
				return Instant.parse(new String(header.value(), StandardCharsets.UTF_8));
			}
			catch (DateTimeParseException ex) {
				// a foreign producer's header: fall back to now
			}
		}
		return Instant.now();
	}

	Double number(VssSignal signal) {
		return (this.telemetry.signals().get(signal.path()) instanceof Number number) ? number.doubleValue() : null;
	}

}
