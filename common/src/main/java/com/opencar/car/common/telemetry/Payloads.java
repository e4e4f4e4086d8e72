package com.opencar.car.common.telemetry;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Defensive copies for the free-form maps carried by messages: order kept, read-only.
 */
public final class Payloads {

	private Payloads() {
	}

	public static Map<String, Object> immutableCopy(Map<String, Object> map) {
		if (map == null || map.isEmpty()) {
			return Map.of();
		}
		return Collections.unmodifiableMap(new LinkedHashMap<>(map));
	}

	public static <T> T required(T value, String name) {
		return Objects.requireNonNull(value, () -> name + " is required");
	}

}
