/**
 * The ingest service: bridges car traffic from the MQTT broker into Kafka, and accepts
 * telemetry over HTTP for devices that cannot speak MQTT. Stateless; scales through MQTT
 * 5 shared subscriptions.
 */
package com.opencar.car.ingest;
