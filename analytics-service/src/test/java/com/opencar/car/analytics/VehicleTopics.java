package com.opencar.car.analytics;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.testsupport.TestKafka;

/**
 * Creates the contract's topics before the service starts, as ingest (or the operator)
 * does in a deployment: Kafka Streams refuses to start on missing source topics.
 */
public final class VehicleTopics {

	private VehicleTopics() {
	}

	public static void create(TestKafka kafka) {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
			List<NewTopic> topics = Arrays.stream(KafkaTopic.values())
				.map((topic) -> new NewTopic(topic.topicName(), 4, (short) 1))
				.toList();
			admin.createTopics(topics).values().values().forEach((creation) -> {
				try {
					creation.get();
				}
				catch (ExecutionException ex) {
					if (!(ex.getCause() instanceof TopicExistsException)) {
						throw new IllegalStateException("Could not create topic", ex.getCause());
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException(ex);
				}
			});
		}
	}

}
