/**
 * Simulated cars on real MQTT 5 connections, following the vehicle contract, for demos,
 * the local platform and load.
 */
package com.opencar.car.simulator;
