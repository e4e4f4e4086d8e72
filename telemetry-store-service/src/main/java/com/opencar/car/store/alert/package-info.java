/**
 * Alerts ({@code vehicle.alerts.v1}, raised by analytics) into {@code alerts}.
 */
package com.opencar.car.store.alert;
