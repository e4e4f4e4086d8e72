package com.opencar.car.command.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.transaction.support.TransactionTemplate;

import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.process.progress.StuckPaths;

/**
 * The service's own {@link TransitionPublisher} with a Kafka that acknowledges every
 * record at once: the outbox's statements and nothing else, for the command benchmark's
 * ceiling against PostgreSQL alone.
 */
public final class OutboxSqlPath {

	private final TransitionPublisher publisher;

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private long counted;

	public OutboxSqlPath(DataSource dataSource) {
		this.publisher = new TransitionPublisher(JdbcClient.create(dataSource),
				new TransactionTemplate(new DataSourceTransactionManager(dataSource)), new AcknowledgedAtOnce(),
				new VehicleJson(), this.meters, new StuckPaths(Duration.ofMinutes(1), this.meters));
	}

	/**
	 * One round of the publisher: every pending transition, a batch at a time, claimed,
	 * read and marked published. Called from one thread at a time.
	 * @return how many transitions it published
	 */
	public long publishPending() {
		this.publisher.publishPending();
		long total = (long) this.meters.find("car.command.transitions")
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
		long published = total - this.counted;
		this.counted = total;
		return published;
	}

	/** Kafka, as far as the publisher sees it: every record acknowledged. */
	private static final class AcknowledgedAtOnce extends KafkaTemplate<String, byte[]> {

		AcknowledgedAtOnce() {
			super(new DefaultKafkaProducerFactory<>(Map.of()));
		}

		@Override
		public CompletableFuture<SendResult<String, byte[]>> send(String topic, String key, byte[] data) {
			return CompletableFuture.completedFuture(new SendResult<>(new ProducerRecord<>(topic, key, data), null));
		}

	}

}
