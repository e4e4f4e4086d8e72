/**
 * The analytics service: real-time rules with Kafka Streams, REST read APIs over the
 * store's published views, and the browser dashboards. It never writes another service's
 * tables.
 */
package com.opencar.car.analytics;
