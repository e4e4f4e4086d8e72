/**
 * Fleet-wide metrics computed with Kafka Streams: telemetry messages per vehicle and
 * window, from which messages per minute and active vehicles follow.
 */
package com.opencar.car.analytics.fleet;
