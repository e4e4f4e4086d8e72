/**
 * The MQTT to Kafka bridge: shared subscriptions on the broker, messages handed off the
 * MQTT callback thread in arrival order, and the PUBACK sent only once Kafka acknowledged
 * the record.
 */
package com.opencar.car.ingest.bridge;
