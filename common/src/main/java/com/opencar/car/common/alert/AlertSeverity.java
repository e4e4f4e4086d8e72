package com.opencar.car.common.alert;

/**
 * How urgently a person should look at an alert.
 */
public enum AlertSeverity {

	INFO, WARNING, CRITICAL

}
