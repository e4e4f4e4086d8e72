package com.opencar.car.command.delivery;

import java.util.UUID;

import com.opencar.car.common.vehicle.VehicleId;

/**
 * A command was queued and committed: the dispatcher may publish it at once instead of at
 * its next round.
 *
 * @param commandId the new command
 * @param vin its car
 */
public record CommandQueued(UUID commandId, VehicleId vin) {

}
