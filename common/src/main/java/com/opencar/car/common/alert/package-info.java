/**
 * Alerts raised by real-time analytics, published on {@code vehicle.alerts.v1}.
 */
package com.opencar.car.common.alert;
