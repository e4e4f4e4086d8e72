package com.opencar.car.common.alert;

/**
 * The kinds of alert analytics raises.
 */
public enum AlertType {

	HARSH_BRAKING, HARSH_ACCELERATION, OVERSPEED, LOW_BATTERY, CRASH, DIAGNOSTIC_TROUBLE_CODE, GEOFENCE_ENTER,
	GEOFENCE_EXIT, VEHICLE_SILENT

}
