package com.opencar.car.command.support;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;

/**
 * The service's count of the cars' answers, {@code car.command.responses}.
 */
public final class ResponseCounts {

	private ResponseCounts() {
	}

	/**
	 * @param tag {@code result} (applied, ignored) or {@code reason}
	 * @param value the tag's value
	 * @return how many answers were counted with it so far
	 */
	public static double of(MeterRegistry meters, String tag, String value) {
		return Search.in(meters)
			.name("car.command.responses")
			.tag(tag, value)
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

}
