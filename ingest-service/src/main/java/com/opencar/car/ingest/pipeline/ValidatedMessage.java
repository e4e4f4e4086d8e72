package com.opencar.car.ingest.pipeline;

import com.opencar.car.common.vehicle.VehicleId;

/**
 * A message that passed validation.
 *
 * @param vin the car, the Kafka key
 * @param normalized the normalized JSON (VIN filled in, {@code ts} as ISO-8601 UTC)
 */
public record ValidatedMessage(VehicleId vin, byte[] normalized) {

}
