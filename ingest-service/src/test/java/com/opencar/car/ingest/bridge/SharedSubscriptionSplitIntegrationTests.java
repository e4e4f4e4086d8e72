package com.opencar.car.ingest.bridge;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.opencar.car.ingest.support.IngestInstance;
import com.opencar.car.ingest.support.TestFleet;
import com.opencar.car.testsupport.RealServers;
import com.opencar.car.testsupport.Server;
import com.opencar.car.testsupport.TestKafka;
import com.opencar.car.testsupport.TestMosquitto;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two ingest instances on one shared subscription, on Mosquitto: it hands the group's
 * messages to its members in turn (HiveMQ CE 2025.5 keeps feeding one member, so the
 * split cannot be seen there).
 */
@RealServers({ Server.KAFKA, Server.MOSQUITTO })
class SharedSubscriptionSplitIntegrationTests {

	private static final Logger logger = LoggerFactory.getLogger(SharedSubscriptionSplitIntegrationTests.class);

	@Test
	void twoInstancesSplitTheLoadAndTogetherLoseNothing(TestMosquitto mosquitto, TestKafka kafka) throws Exception {
		Map<String, Object> properties = Map.of("car.ingest.bridge.shared-group", "split-" + UUID.randomUUID());
		try (IngestInstance one = IngestInstance.start(mosquitto.broker(), kafka.bootstrapServers(),
				"ingest-split-one-" + UUID.randomUUID(), properties);
				IngestInstance two = IngestInstance.start(mosquitto.broker(), kafka.bootstrapServers(),
						"ingest-split-two-" + UUID.randomUUID(), properties);
				TestFleet fleet = TestFleet.start(mosquitto.broker(), 20, 250)) {
			fleet.awaitPublished();
			assertThat(fleet.awaitAllInKafka(kafka, Duration.ofSeconds(120)))
				.hasSizeGreaterThanOrEqualTo(fleet.total());
			logger.info("Of {} messages instance one forwarded {}, instance two {}", fleet.total(), one.forwarded(),
					two.forwarded());
			assertThat(List.of(one.forwarded(), two.forwarded()))
				.allSatisfy((forwarded) -> assertThat(forwarded).isGreaterThan(fleet.total() * 0.25));
			assertThat(one.forwarded() + two.forwarded()).isGreaterThanOrEqualTo(fleet.total());
		}
	}

}
