/**
 * The vehicle registry: admin endpoints to register, update and retire vehicles, stored
 * here and published to {@code vehicle.registry.v1} for the other services.
 */
package com.opencar.car.command.registry;
