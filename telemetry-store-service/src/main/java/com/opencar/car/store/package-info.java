/**
 * The telemetry store: consumes the vehicle topics from Kafka and writes PostgreSQL (time
 * series, latest state, events, alerts) and MongoDB (raw documents). Owns the telemetry
 * schema and the read views analytics queries.
 */
package com.opencar.car.store;
