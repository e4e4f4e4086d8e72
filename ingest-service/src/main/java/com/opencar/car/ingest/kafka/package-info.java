/**
 * Kafka reachability, for readiness: the service acknowledges nothing that Kafka has not
 * taken.
 */
package com.opencar.car.ingest.kafka;
