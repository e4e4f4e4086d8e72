package com.opencar.car.command.delivery;

import java.util.UUID;

/**
 * A command was queued and committed: the dispatcher may publish it at once instead of at
 * its next round.
 *
 * @param commandId the new command
 */
public record CommandQueued(UUID commandId) {

}
