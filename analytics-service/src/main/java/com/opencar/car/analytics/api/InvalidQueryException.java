package com.opencar.car.analytics.api;

/**
 * A query the API refuses: a malformed parameter, a range too long, too many buckets.
 * Answered with 400 problem details naming the parameter.
 */
public class InvalidQueryException extends RuntimeException {

	private final String parameter;

	public InvalidQueryException(String parameter, String message) {
		super(message, null, false, false);
		this.parameter = parameter;
	}

	public String parameter() {
		return this.parameter;
	}

}
