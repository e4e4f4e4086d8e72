/**
 * Vehicle identity: the {@link com.opencar.car.common.vehicle.VehicleId} that keys every
 * MQTT topic, Kafka record and database row of one car.
 */
package com.opencar.car.common.vehicle;
