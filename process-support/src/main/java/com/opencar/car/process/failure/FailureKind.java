package com.opencar.car.process.failure;

import java.sql.SQLException;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TypeMismatchDataAccessException;
import org.springframework.transaction.TransactionException;

/**
 * Whether trying again can help: every retry loop asks before it waits.
 * <p>
 * {@link #PERMANENT} is a failure of the item: data the database cannot store (a NUL
 * character, a value out of range, a constraint), a record Kafka refuses (too large), a
 * payload that cannot be read. It fails the same way every time, so the item is set aside
 * with its reason and the path goes on.
 * <p>
 * {@link #TRANSIENT} is everything that is not the item's fault: the database or broker
 * away, a deadlock, a timeout, and also failures that would fail every item alike (a
 * missing table, refused credentials). Setting every item aside would empty the path into
 * dead letters, so those are tried again and show as a stuck path instead.
 */
public enum FailureKind {

	/** Worth trying again, after a pause. */
	TRANSIENT,

	/** The item's own: it fails the same way every time. */
	PERMANENT;

	/**
	 * SQLSTATE classes of an item's fault: data exceptions (invalid text, a number out of
	 * range), integrity constraint violations, program limits (a value too large for an
	 * index).
	 */
	private static final Set<String> PERMANENT_SQL_CLASSES = Set.of("22", "23", "54");

	/**
	 * The kind of a failure, from the most specific evidence in its causes: a SQLSTATE
	 * first, then the exception types of Spring's data access, Kafka and JDBC. A failure
	 * none of them speaks for (a bug, an argument refused) is the item's.
	 * @param failure what was thrown
	 * @return its kind
	 */
	public static FailureKind of(Throwable failure) {
		return causes(failure).filter((cause) -> cause instanceof SQLException sql && sql.getSQLState() != null)
			.findFirst()
			.map((sql) -> ofSqlState(((SQLException) sql).getSQLState()))
			.or(() -> causes(failure).map(FailureKind::byType).filter(Objects::nonNull).findFirst())
			.orElse(PERMANENT);
	}

	/**
	 * @param failure what was thrown
	 * @return it and its causes, outermost first, with a {@link SQLException}'s next
	 * exceptions: where a classification that knows more exception types than this one
	 * looks
	 */
	public static Stream<Throwable> causes(Throwable failure) {
		return Stream.iterate(failure, Objects::nonNull, FailureKind::next);
	}

	/**
	 * @param failure what was thrown
	 * @return whether trying again can help
	 */
	public static boolean isTransient(Throwable failure) {
		return of(failure) == TRANSIENT;
	}

	/**
	 * @param sqlState a SQLSTATE (five characters, its class the first two)
	 * @return its kind
	 */
	static FailureKind ofSqlState(String sqlState) {
		return (sqlState.length() >= 2 && PERMANENT_SQL_CLASSES.contains(sqlState.substring(0, 2))) ? PERMANENT
				: TRANSIENT;
	}

	private static FailureKind byType(Throwable cause) {
		if (cause instanceof DataIntegrityViolationException || cause instanceof TypeMismatchDataAccessException
				|| cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException
				|| cause instanceof InvalidRecordException || cause instanceof SerializationException) {
			return PERMANENT;
		}
		if (cause instanceof DataAccessException || cause instanceof TransactionException
				|| cause instanceof org.apache.kafka.common.KafkaException || cause instanceof SQLException) {
			return TRANSIENT;
		}
		return null;
	}

	private static Throwable next(Throwable cause) {
		Throwable next = cause.getCause();
		if (next == null && cause instanceof SQLException sql) {
			next = sql.getNextException();
		}
		return (next != cause) ? next : null;
	}

}
