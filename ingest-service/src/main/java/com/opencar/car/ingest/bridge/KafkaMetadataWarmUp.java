package com.opencar.car.ingest.bridge;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Fetches the metadata of the bridge's topics before the MQTT subscriptions start, so the
 * first messages after a start do not wait for it while the broker's queue fills. Best
 * effort: with Kafka away the bridge starts anyway and holds its acknowledgements until
 * Kafka is back.
 */
class KafkaMetadataWarmUp implements SmartLifecycle {

	/** Before the MQTT client manager and inbound adapters. */
	static final int PHASE = Integer.MIN_VALUE + 1000;

	private static final Logger logger = LoggerFactory.getLogger(KafkaMetadataWarmUp.class);

	private final KafkaTemplate<String, byte[]> kafka;

	private final List<String> topics;

	private volatile boolean running;

	KafkaMetadataWarmUp(KafkaTemplate<String, byte[]> kafka, List<String> topics) {
		this.kafka = kafka;
		this.topics = topics;
	}

	@Override
	public void start() {
		for (String topic : this.topics) {
			try {
				logger.debug("{} has {} partitions", topic, this.kafka.partitionsFor(topic).size());
			}
			catch (RuntimeException ex) {
				logger.atWarn()
					.setMessage("No Kafka metadata yet; the bridge starts anyway")
					.addKeyValue("kafka_topic", topic)
					.addKeyValue("failure", ex.toString())
					.log();
			}
		}
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
