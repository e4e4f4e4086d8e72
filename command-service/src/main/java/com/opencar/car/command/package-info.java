/**
 * The command service: accepts commands for cars over REST, keeps their lifecycle in
 * PostgreSQL, publishes them over MQTT 5 with tracked delivery and reports every
 * transition on Kafka.
 */
package com.opencar.car.command;
