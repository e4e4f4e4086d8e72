/**
 * The service's one MQTT 5 connection to the broker, shared by its inbound adapters, and
 * its health.
 */
package com.opencar.car.ingest.mqtt;
