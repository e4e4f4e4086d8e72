package com.opencar.car.command.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import com.opencar.car.process.failure.FailureKind;

/**
 * A request that meets PostgreSQL away (no connection within the pool's timeout, a
 * failover) answers 503 with {@code Retry-After}, a problem the caller can act on,
 * instead of a bare 500: nothing was changed, and the same request (with its idempotency
 * key) may be sent again. A failure of the request's own data stays a 500 and is logged.
 */
@RestControllerAdvice
class DatabaseUnavailable {

	private static final Logger logger = LoggerFactory.getLogger(DatabaseUnavailable.class);

	@ExceptionHandler({ DataAccessException.class, TransactionException.class })
	ResponseEntity<ProblemDetail> onDatabaseFailure(RuntimeException ex) {
		if (FailureKind.isTransient(ex)) {
			logger.atWarn()
				.setMessage("The database is unavailable; answered 503")
				.addKeyValue("failure", ex.toString())
				.log();
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.header(HttpHeaders.RETRY_AFTER, "5")
				.body(CommandProblem.of(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable", "Database unavailable",
						"The command store cannot be reached; send the request again later"));
		}
		logger.atError().setMessage("A request failed in the database").setCause(ex).log();
		return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
			.body(CommandProblem.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
					"The request could not be completed"));
	}

}
