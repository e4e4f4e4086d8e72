/**
 * Cloud-to-car commands: what is sent to the car, what the car answers, and the lifecycle
 * transitions published on {@code vehicle.commands.v1}.
 */
package com.opencar.car.common.command;
