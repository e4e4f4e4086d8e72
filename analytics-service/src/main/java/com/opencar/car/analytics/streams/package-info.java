/**
 * The Kafka Streams runtime of the service and its health.
 */
package com.opencar.car.analytics.streams;
