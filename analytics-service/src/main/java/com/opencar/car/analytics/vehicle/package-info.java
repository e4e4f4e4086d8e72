/**
 * The fleet's vehicles and their latest state, read from the store's
 * {@code vehicle_state_v1} view.
 */
package com.opencar.car.analytics.vehicle;
