package com.opencar.car.command.api;

import java.util.Map;

/**
 * The body of {@code POST /api/v1/vehicles/{vin}/commands}.
 *
 * @param type a command type of the catalogue
 * @param params its parameters
 * @param timeoutSeconds how long after delivery the car has to report an outcome (5 to
 * 300, default 30)
 * @param ttlSeconds how long to keep trying to deliver (1 s to 7 days, default 1 h)
 */
public record CreateCommandRequest(String type, Map<String, Object> params, Integer timeoutSeconds,
		Integer ttlSeconds) {

}
