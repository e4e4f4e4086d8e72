/**
 * What cars report: telemetry samples, vehicle events and connectivity changes, as
 * normalized on the Kafka topics {@code vehicle.telemetry.v1}, {@code vehicle.events.v1}
 * and {@code vehicle.connectivity.v1}.
 */
package com.opencar.car.common.telemetry;
