package com.opencar.car.store.sink;

import java.util.Set;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.MongoServerException;
import com.mongodb.MongoWriteException;

import com.opencar.car.process.failure.FailureKind;

/**
 * {@link FailureKind}, taught the MongoDB driver's exceptions, which the raw document
 * sink gets untranslated: a write the server refuses for the document's sake is the
 * item's; a lost connection, a timeout, an election, a refused login are transient.
 */
final class StoreFailures {

	/**
	 * Server error codes about the document itself: bad value, too large, bad field name.
	 */
	private static final Set<Integer> DOCUMENT_ERRORS = Set.of(2, 10334, 17419, 52, 56, 57);

	private StoreFailures() {
	}

	static FailureKind kind(Throwable failure) {
		return FailureKind.causes(failure)
			.filter(MongoException.class::isInstance)
			.findFirst()
			.map((mongo) -> ofMongo((MongoException) mongo))
			.orElseGet(() -> FailureKind.of(failure));
	}

	private static FailureKind ofMongo(MongoException failure) {
		if (failure.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)
				|| failure.hasErrorLabel(MongoException.UNKNOWN_TRANSACTION_COMMIT_RESULT_LABEL)
				|| failure.hasErrorLabel("RetryableWriteError")) {
			return FailureKind.TRANSIENT;
		}
		if (failure instanceof MongoBulkWriteException bulk) {
			return (bulk.getWriteConcernError() == null && !bulk.getWriteErrors().isEmpty()) ? FailureKind.PERMANENT
					: FailureKind.TRANSIENT;
		}
		if (failure instanceof MongoWriteException write) {
			return DOCUMENT_ERRORS.contains(write.getError().getCode()) || write.getError().getCode() == 11000
					? FailureKind.PERMANENT : FailureKind.TRANSIENT;
		}
		if (failure instanceof MongoServerException server && DOCUMENT_ERRORS.contains(server.getCode())) {
			return FailureKind.PERMANENT;
		}
		return FailureKind.TRANSIENT;
	}

}
