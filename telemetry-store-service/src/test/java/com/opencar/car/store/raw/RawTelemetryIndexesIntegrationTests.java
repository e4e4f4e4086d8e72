package com.opencar.car.store.raw;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.data.mongodb.core.index.IndexInfo;

import com.opencar.car.store.support.StoreIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

@StoreIntegrationTest
@TestPropertySource(properties = { "car.store.mongo.raw-collection=raw_under_test", "car.store.mongo.retention=7d" })
class RawTelemetryIndexesIntegrationTests {

	@Autowired
	private MongoTemplate mongo;

	@Test
	void createsTheLookupAndRetentionIndexes() {
		List<IndexInfo> indexes = this.mongo.indexOps("raw_under_test").getIndexInfo();
		assertThat(indexes).anySatisfy((index) -> {
			assertThat(index.getName()).isEqualTo(RawTelemetryIndexes.VIN_TS_INDEX);
			assertThat(index.getIndexFields()).extracting((field) -> field.getKey()).containsExactly("vin", "ts");
		});
		// the emulator keeps but does not enforce TTL indexes; real MongoDB drops expired
		// documents
		assertThat(indexes).anySatisfy((index) -> {
			assertThat(index.getName()).isEqualTo(RawTelemetryIndexes.RETENTION_INDEX);
			assertThat(index.getExpireAfter()).contains(Duration.ofDays(7));
		});
	}

}
