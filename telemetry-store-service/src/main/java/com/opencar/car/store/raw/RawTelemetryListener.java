package com.opencar.car.store.raw;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.InsertOneModel;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.bson.Document;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.telemetry.TelemetryReported;
import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.common.topic.RecordHeaders;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.process.tracing.MessageTracing;
import com.opencar.car.store.StoreProperties;
import com.opencar.car.store.sink.BatchSink;
import com.opencar.car.store.sink.DeadLetters;
import com.opencar.car.store.sink.StoreMetrics;

/**
 * {@code vehicle.telemetry.v1} into MongoDB, one document per message with the payload as
 * received, in its own consumer group.
 * <p>
 * {@code _id} is {@code vin:seq}, so a redelivered message is a duplicate-key error,
 * which an unordered bulk insert reports per document while inserting the rest; those are
 * ignored. Any other write error is the document's fault (a
 * {@link DataIntegrityViolationException}, retried one by one, then dead-lettered); a
 * server that does not answer is retried until it does.
 */
@Component
class RawTelemetryListener {

	static final String SINK = "mongo-raw";

	private static final int DUPLICATE_KEY = 11000;

	private final BatchSink<Document> sink;

	RawTelemetryListener(VehicleJson json, MongoTemplate mongo, DeadLetters deadLetters, StoreMetrics metrics,
			StoreProperties properties, MessageTracing tracing) {
		String collection = properties.mongo().rawCollection();
		this.sink = new BatchSink<>(SINK, (record) -> document(json, record), (documents) -> {
			try {
				mongo.getCollection(collection)
					.bulkWrite(documents.stream().map(InsertOneModel::new).toList(),
							new BulkWriteOptions().ordered(false));
			}
			catch (MongoBulkWriteException ex) {
				List<BulkWriteError> refused = ex.getWriteErrors()
					.stream()
					.filter((error) -> error.getCode() != DUPLICATE_KEY)
					.toList();
				if (!refused.isEmpty() || ex.getWriteConcernError() != null) {
					throw new DataIntegrityViolationException("MongoDB refused documents: " + refused, ex);
				}
			}
		}, deadLetters, metrics, properties.sink().poisonAttempts(), tracing);
	}

	@KafkaListener(id = "store-mongo-raw", topics = KafkaTopic.Names.TELEMETRY,
			containerFactory = "batchListenerContainerFactory")
	void onTelemetry(List<ConsumerRecord<String, byte[]>> records) {
		this.sink.consume(records);
	}

	static Document document(VehicleJson json, ConsumerRecord<String, byte[]> record) {
		// validated like every other sink does, so both stores hold the same messages
		TelemetryReported telemetry = json.readTelemetry(record.value(), VehicleId.of(record.key()));
		Document document = new Document("_id", telemetry.vin().value() + ":" + telemetry.seq())
			.append("vin", telemetry.vin().value())
			.append("seq", telemetry.seq())
			.append("ts", Date.from(telemetry.ts()))
			.append("receivedAt", new Date())
			.append("payload", Document.parse(new String(record.value(), StandardCharsets.UTF_8)));
		Header receivedAt = record.headers().lastHeader(RecordHeaders.RECEIVED_AT);
		if (receivedAt != null) {
			document.append("ingestReceivedAt", new String(receivedAt.value(), StandardCharsets.UTF_8));
		}
		Header mqttTopic = record.headers().lastHeader(RecordHeaders.MQTT_TOPIC);
		if (mqttTopic != null) {
			document.append("mqttTopic", new String(mqttTopic.value(), StandardCharsets.UTF_8));
		}
		document.append("kafka", new Document("partition", record.partition()).append("offset", record.offset()));
		return document;
	}

}
