/**
 * Vehicle events ({@code vehicle.events.v1}) into {@code vehicle_events}.
 */
package com.opencar.car.store.event;
