package com.opencar.car.store.raw;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.data.domain.Sort.Direction;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.index.IndexOperations;
import org.springframework.stereotype.Component;

import com.opencar.car.store.StoreProperties;

/**
 * Creates the raw collection's indexes at start-up, before the service reports ready: one
 * for a car's documents newest first, and a TTL index that makes MongoDB drop documents
 * after the retention period.
 */
@Component
class RawTelemetryIndexes implements ApplicationRunner {

	static final String VIN_TS_INDEX = "vin_ts";

	static final String RETENTION_INDEX = "received_at_ttl";

	private static final Logger logger = LoggerFactory.getLogger(RawTelemetryIndexes.class);

	private final MongoTemplate mongo;

	private final StoreProperties.Mongo properties;

	RawTelemetryIndexes(MongoTemplate mongo, StoreProperties properties) {
		this.mongo = mongo;
		this.properties = properties.mongo();
	}

	@Override
	public void run(ApplicationArguments args) {
		IndexOperations indexes = this.mongo.indexOps(this.properties.rawCollection());
		indexes.createIndex(new Index().on("vin", Direction.ASC).on("ts", Direction.DESC).named(VIN_TS_INDEX));
		indexes.createIndex(
				new Index().on("receivedAt", Direction.ASC).expire(this.properties.retention()).named(RETENTION_INDEX));
		logger.info("Indexes of {} in place; raw documents expire after {}", this.properties.rawCollection(),
				this.properties.retention());
	}

}
