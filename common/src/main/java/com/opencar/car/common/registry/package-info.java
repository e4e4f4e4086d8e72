/**
 * The vehicle registry's record on {@code vehicle.registry.v1}: which fleet each vehicle
 * belongs to, and whether it may still connect.
 */
package com.opencar.car.common.registry;
