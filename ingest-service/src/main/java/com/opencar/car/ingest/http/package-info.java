/**
 * HTTP ingest for backends and devices that cannot speak MQTT: the same validation and
 * Kafka path as the bridge, answered once Kafka has every record.
 */
package com.opencar.car.ingest.http;
