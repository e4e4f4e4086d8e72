/**
 * The Kafka topic the service owns: {@code vehicle.commands.v1}, every command
 * transition.
 */
package com.opencar.car.command.kafka;
