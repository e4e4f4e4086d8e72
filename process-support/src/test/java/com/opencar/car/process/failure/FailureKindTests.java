package com.opencar.car.process.failure;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;

import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.kafka.KafkaException;

import static org.assertj.core.api.Assertions.assertThat;

class FailureKindTests {

	@Test
	void aSqlStateDecidesWhateverExceptionCarriesIt() {
		// PostgreSQL: the NUL character of a poison answer, a duplicate key, an unknown
		// column
		assertThat(FailureKind.of(uncategorized("22P05"))).isEqualTo(FailureKind.PERMANENT);
		assertThat(FailureKind.of(uncategorized("22021"))).isEqualTo(FailureKind.PERMANENT);
		assertThat(FailureKind.of(uncategorized("23505"))).isEqualTo(FailureKind.PERMANENT);
		assertThat(FailureKind.of(uncategorized("54000"))).isEqualTo(FailureKind.PERMANENT);
		// connection lost, serialization failure, deadlock, too many connections,
		// administrator shutdown, lock not available; and what every item would fail
		// alike: an unknown column, a wrong password
		assertThat(FailureKind.of(uncategorized("42703"))).isEqualTo(FailureKind.TRANSIENT);
		assertThat(FailureKind.of(uncategorized("28P01"))).isEqualTo(FailureKind.TRANSIENT);
		assertThat(FailureKind.of(uncategorized("08006"))).isEqualTo(FailureKind.TRANSIENT);
		assertThat(FailureKind.of(uncategorized("40001"))).isEqualTo(FailureKind.TRANSIENT);
		assertThat(FailureKind.of(uncategorized("40P01"))).isEqualTo(FailureKind.TRANSIENT);
		assertThat(FailureKind.of(uncategorized("53300"))).isEqualTo(FailureKind.TRANSIENT);
		assertThat(FailureKind.of(uncategorized("57P01"))).isEqualTo(FailureKind.TRANSIENT);
		assertThat(FailureKind.of(uncategorized("55P03"))).isEqualTo(FailureKind.TRANSIENT);
	}

	@Test
	void aBatchsFailureIsReadFromTheExceptionItChains() {
		BatchUpdateException batch = new BatchUpdateException("Batch entry 0 was aborted", null, 0, new int[0]);
		batch.setNextException(new SQLException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021"));
		assertThat(FailureKind.of(new DataIntegrityViolationException("batch", batch)))
			.isEqualTo(FailureKind.PERMANENT);
		BatchUpdateException lost = new BatchUpdateException("Batch entry 0 was aborted", null, 0, new int[0]);
		lost.setNextException(new SQLException("An I/O error occurred", "08006"));
		assertThat(FailureKind.of(new UncategorizedSQLException("batch", "insert", lost)))
			.isEqualTo(FailureKind.TRANSIENT);
	}

	@Test
	void withoutASqlStateTheExceptionTypesDecide() {
		assertThat(FailureKind.of(new CannotGetJdbcConnectionException("pool exhausted")))
			.isEqualTo(FailureKind.TRANSIENT);
		assertThat(FailureKind.of(new QueryTimeoutException("slow"))).isEqualTo(FailureKind.TRANSIENT);
		assertThat(FailureKind.of(new CannotAcquireLockException("locked"))).isEqualTo(FailureKind.TRANSIENT);
		assertThat(FailureKind.of(new DataIntegrityViolationException("duplicate"))).isEqualTo(FailureKind.PERMANENT);
	}

	@Test
	void kafkaRefusesARecordForGoodOnlyForTheRecordItself() {
		assertThat(FailureKind.of(new CompletionException(new RecordTooLargeException("2 MB"))))
			.isEqualTo(FailureKind.PERMANENT);
		assertThat(FailureKind.of(new KafkaException("send failed", new TimeoutException("expired"))))
			.isEqualTo(FailureKind.TRANSIENT);
		// not retriable to Kafka, but every record would fail alike
		assertThat(FailureKind.of(new TopicAuthorizationException("denied"))).isEqualTo(FailureKind.TRANSIENT);
	}

	@Test
	void whatNothingSpeaksForIsPermanentSoNoRetryHoldsAPathForGood() {
		assertThat(FailureKind.of(new IllegalArgumentException("bad"))).isEqualTo(FailureKind.PERMANENT);
		assertThat(FailureKind.of(new NullPointerException())).isEqualTo(FailureKind.PERMANENT);
	}

	private static UncategorizedSQLException uncategorized(String sqlState) {
		return new UncategorizedSQLException("statement", "select 1", new SQLException("failed", sqlState));
	}

}
