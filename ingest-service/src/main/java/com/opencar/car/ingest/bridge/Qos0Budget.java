package com.opencar.car.ingest.bridge;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.Message;

import com.opencar.car.ingest.pipeline.IngestMetrics;

/**
 * Bounds the QoS 0 messages the bridge holds, by count and by bytes. The broker's window
 * (Receive Maximum) bounds QoS 1 and 2 only, so without this one fast car publishing at
 * QoS 0 while Kafka is slow fills the dispatch queues and the retry scheduler until the
 * service runs out of memory. Past the bound a QoS 0 message is dropped, as QoS 0 allows,
 * counted as {@code car.ingest.messages.dropped{reason="qos0-overload"}} and logged when
 * dropping starts and ends.
 */
final class Qos0Budget {

	static final String DROPPED = "qos0-overload";

	private static final Logger logger = LoggerFactory.getLogger(Qos0Budget.class);

	private final int maxMessages;

	private final long maxBytes;

	private final IngestMetrics metrics;

	private final AtomicInteger messages = new AtomicInteger();

	private final AtomicLong bytes = new AtomicLong();

	private final AtomicBoolean dropping = new AtomicBoolean();

	/** Dropped since dropping started, for the log line that ends it. */
	private final AtomicLong droppedInTurn = new AtomicLong();

	Qos0Budget(int maxMessages, long maxBytes, IngestMetrics metrics) {
		this.maxMessages = maxMessages;
		this.maxBytes = maxBytes;
		this.metrics = metrics;
	}

	/**
	 * Takes a QoS 0 message's share of the bound; lets every other message through.
	 * @param message as the MQTT adapter received it
	 * @return whether to hand it on; a QoS 0 message that is not is dropped
	 */
	boolean admit(Message<?> message) {
		if (!isQos0(message)) {
			return true;
		}
		int size = size(message);
		int held = this.messages.incrementAndGet();
		long heldBytes = this.bytes.addAndGet(size);
		if (held > this.maxMessages || heldBytes > this.maxBytes) {
			release(size);
			this.metrics.dropped(DROPPED);
			this.droppedInTurn.incrementAndGet();
			if (this.dropping.compareAndSet(false, true)) {
				logger.atWarn()
					.setMessage("The bridge holds as many QoS 0 messages as it may; dropping further ones until "
							+ "Kafka takes them (see car.ingest.messages.dropped)")
					.addKeyValue("held_messages", held - 1)
					.addKeyValue("held_bytes", heldBytes - size)
					.log();
			}
			return false;
		}
		if (this.dropping.get() && this.dropping.compareAndSet(true, false)) {
			logger.atInfo()
				.setMessage("QoS 0 messages are taken again")
				.addKeyValue("dropped", this.droppedInTurn.getAndSet(0))
				.log();
		}
		return true;
	}

	/**
	 * Gives back a QoS 0 message's share once it has left the bridge.
	 * @param size its payload size
	 */
	void release(int size) {
		this.messages.decrementAndGet();
		this.bytes.addAndGet(-size);
	}

	int heldMessages() {
		return this.messages.get();
	}

	static boolean isQos0(Message<?> message) {
		Integer qos = message.getHeaders().get(MqttHeaders.RECEIVED_QOS, Integer.class);
		return qos != null && qos == 0;
	}

	private static int size(Message<?> message) {
		return (message.getPayload() instanceof byte[] payload) ? payload.length : 0;
	}

}
