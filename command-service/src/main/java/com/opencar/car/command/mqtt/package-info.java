/**
 * The service's MQTT 5 connection to the broker, used to publish commands and receive the
 * cars' responses, and its health.
 */
package com.opencar.car.command.mqtt;
