package com.opencar.car.command.kafka;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox's statements as {@link TransitionPublisher} runs them for a batch, with
 * Kafka left out: for the command benchmark's ceiling against PostgreSQL alone.
 */
public final class OutboxSqlPath {

	private final TransitionOutbox outbox;

	private final TransactionTemplate transactions;

	public OutboxSqlPath(DataSource dataSource) {
		this.outbox = new TransitionOutbox(JdbcClient.create(dataSource));
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
	}

	/**
	 * One batch: claimed, read, and marked published.
	 * @return how many transitions it held; a full batch means more may wait
	 */
	public int publishBatch() {
		return this.transactions.execute((status) -> {
			if (!this.outbox.claim()) {
				return 0;
			}
			var pending = this.outbox.pending(TransitionPublisher.BATCH);
			if (!pending.isEmpty()) {
				this.outbox.published(pending.stream().map(TransitionOutbox.Pending::id).toList());
			}
			return pending.size();
		});
	}

	/**
	 * @return the outbox's batch size
	 */
	public static int batch() {
		return TransitionPublisher.BATCH;
	}

}
