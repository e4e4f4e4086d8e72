/**
 * Trace context carried with each message from car to database, and each command from
 * request to the car's answer.
 */
package com.opencar.car.process.tracing;
