/**
 * The path every car message takes, whether it came over MQTT or HTTP: validated and
 * normalized, then produced to Kafka keyed by VIN, or dead-lettered with its original
 * bytes and the reason.
 */
package com.opencar.car.ingest.pipeline;
