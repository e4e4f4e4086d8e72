/**
 * MQTT plumbing shared by the services that receive from the broker.
 */
package com.opencar.car.support.mqtt;
