package com.opencar.car.analytics.api;

import java.util.Arrays;

import org.apache.kafka.streams.errors.InvalidStateStoreException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Turns the read APIs' refusals into problem details. Framework errors (missing or
 * unreadable parameters) are problem details too ({@code spring.mvc.problemdetails}).
 */
@RestControllerAdvice
// before Boot's generic handler, which answers type mismatches without naming the
// parameter
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiProblems {

	@ExceptionHandler
	ProblemDetail onInvalidQuery(InvalidQueryException ex) {
		ProblemDetail problem = ApiProblem.of(HttpStatus.BAD_REQUEST, "invalid-query", "Invalid query",
				ex.getMessage());
		problem.setProperty("parameter", ex.parameter());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail onUnknownVehicle(VehicleNotFoundException ex) {
		return ApiProblem.of(HttpStatus.NOT_FOUND, "vehicle-not-found", "No such vehicle",
				"No vehicle " + ex.vin() + " has been seen");
	}

	/**
	 * Kafka Streams is starting or moving partitions: the state stores are back shortly.
	 */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> onStoreUnavailable(InvalidStateStoreException ex) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, "5")
			.body(ApiProblem.of(HttpStatus.SERVICE_UNAVAILABLE, "state-unavailable", "State not available yet",
					"Kafka Streams is starting or rebalancing: " + ex.getMessage()));
	}

	/** A value of the wrong type, with the values allowed where there is a fixed set. */
	@ExceptionHandler
	ProblemDetail onTypeMismatch(MethodArgumentTypeMismatchException ex) {
		String detail = "'" + ex.getValue() + "' is not a valid " + ex.getName();
		Class<?> type = ex.getRequiredType();
		if (type != null && type.isEnum()) {
			detail += "; one of " + Arrays.toString(type.getEnumConstants());
		}
		ProblemDetail problem = ApiProblem.of(HttpStatus.BAD_REQUEST, "invalid-query", "Invalid query", detail);
		problem.setProperty("parameter", ex.getName());
		return problem;
	}

}
