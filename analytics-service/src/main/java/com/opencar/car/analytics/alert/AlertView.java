package com.opencar.car.analytics.alert;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.opencar.car.common.alert.AlertSeverity;
import com.opencar.car.common.alert.AlertType;

/**
 * A stored alert.
 *
 * @param alertId its id
 * @param vin the car
 * @param type what was detected
 * @param severity how urgent
 * @param raisedAt the sample time that triggered it
 * @param data the evidence
 */
public record AlertView(UUID alertId, String vin, AlertType type, AlertSeverity severity, Instant raisedAt,
		Map<String, Object> data) {

}
