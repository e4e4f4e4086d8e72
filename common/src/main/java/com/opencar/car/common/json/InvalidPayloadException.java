package com.opencar.car.common.json;

import java.util.Objects;

/**
 * A payload broke the contract. Carries the {@link PayloadViolation} and a detail for
 * people. Thrown for expected bad input, so it records no stack trace.
 */
public class InvalidPayloadException extends RuntimeException {

	private final PayloadViolation violation;

	private final String detail;

	public InvalidPayloadException(PayloadViolation violation, String detail) {
		super(violation + ": " + detail, null, false, false);
		this.violation = Objects.requireNonNull(violation, "violation is required");
		this.detail = detail;
	}

	public PayloadViolation violation() {
		return this.violation;
	}

	public String detail() {
		return this.detail;
	}

}
