/**
 * The real-time rules on Kafka Streams: alerts to {@code vehicle.alerts.v1}, trips and
 * driving totals in state stores the trips API queries.
 */
package com.opencar.car.analytics.rules;
