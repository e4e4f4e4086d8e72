/**
 * Every MQTT topic and Kafka topic name of the contract, in one place.
 */
package com.opencar.car.common.topic;
