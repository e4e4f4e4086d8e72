package com.opencar.car.testsupport.tracing;

import java.util.concurrent.ThreadLocalRandom;

/**
 * W3C {@code traceparent} values ({@code 00-<trace id>-<span id>-<flags>}), as cars and
 * callers that trace send them.
 */
public final class TraceParents {

	private TraceParents() {
	}

	/**
	 * @return a new {@code traceparent} of a sampled trace
	 */
	public static String next() {
		return "00-" + hex(32) + "-" + hex(16) + "-01";
	}

	/**
	 * @param traceParent a {@code traceparent}
	 * @return its trace id
	 */
	public static String traceId(String traceParent) {
		return traceParent.split("-")[1];
	}

	/**
	 * @param traceParent a {@code traceparent}
	 * @return its span id, the parent of the next hop's span
	 */
	public static String spanId(String traceParent) {
		return traceParent.split("-")[2];
	}

	private static String hex(int digits) {
		StringBuilder hex = new StringBuilder(digits);
		ThreadLocalRandom random = ThreadLocalRandom.current();
		for (int i = 0; i < digits; i++) {
			hex.append(Character.forDigit(random.nextInt(16), 16));
		}
		return hex.toString();
	}

}
