/**
 * The latest state of each vehicle in PostgreSQL ({@code vehicle_state}), kept from the
 * vehicle topics; an older message arriving late never overwrites newer state.
 */
package com.opencar.car.store.state;
