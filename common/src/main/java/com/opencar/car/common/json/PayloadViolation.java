package com.opencar.car.common.json;

/**
 * Why a payload was rejected. The names are stable: they appear in dead-letter headers,
 * metric tags and problem details.
 */
public enum PayloadViolation {

	/** No bytes, or only white space. */
	EMPTY,

	/** Not JSON at all, or JSON with trailing garbage. */
	NOT_JSON,

	/** JSON that ends before it is complete. */
	TRUNCATED,

	/** JSON, but not an object at the top. */
	NOT_AN_OBJECT,

	/** The same field twice in one object. */
	DUPLICATE_FIELD,

	/** Nested deeper than the codec allows. */
	TOO_DEEP,

	/** Larger than allowed (whole payload, a string or a number). */
	TOO_LARGE,

	/** An array with more items than one request may carry. */
	TOO_MANY_ITEMS,

	/** A required field is absent or null. */
	MISSING_FIELD,

	/** A field has the wrong JSON type. */
	WRONG_TYPE,

	/** NaN or an infinite number. */
	NON_FINITE_NUMBER,

	/**
	 * A value of the right type outside what the contract allows (unknown enum, bad
	 * UUID).
	 */
	INVALID_VALUE,

	/**
	 * A known signal's value outside its range (VSS's, or the physical one), or not one
	 * of its allowed values.
	 */
	OUT_OF_RANGE,

	/** The VIN is not a valid ISO 3779 VIN. */
	INVALID_VIN,

	/** The payload's VIN differs from the topic's. */
	VIN_MISMATCH,

	/** {@code seq} is negative. */
	NEGATIVE_SEQ,

	/** {@code ts} is neither ISO-8601 nor epoch milliseconds. */
	INVALID_TIMESTAMP,

	/** {@code ts} lies further in the future than clock skew explains. */
	TIMESTAMP_IN_FUTURE,

	/**
	 * Valid, but Kafka refuses its record for good: larger than the topic takes, or
	 * invalid for it.
	 */
	REFUSED_BY_KAFKA

}
