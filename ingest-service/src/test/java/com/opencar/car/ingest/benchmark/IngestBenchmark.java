package com.opencar.car.ingest.benchmark;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.opencar.car.common.net.NoDelaySocketFactory;
import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.common.topic.MqttTopic;
import com.opencar.car.ingest.support.IngestInstance;
import com.opencar.car.testsupport.TestVins;
import com.opencar.car.testsupport.MessageArrived;
import com.opencar.car.testsupport.RealServers;
import com.opencar.car.testsupport.Server;
import com.opencar.car.testsupport.TestKafka;
import com.opencar.car.testsupport.TestMosquitto;
import com.opencar.car.testsupport.TestMqttBroker;

/**
 * The ingest benchmark: a harness, not a test (it asserts nothing about speed). Run with
 * {@code ./mvnw -B -pl ingest-service -am test -Pbenchmark -Dtest='*Benchmark'}; it
 * prints a Markdown table.
 * <p>
 * The broker is Mosquitto: under this load HiveMQ CE 2025.5 (embedded) stops handing a
 * shared subscription's queued messages to its subscriber and the run never completes
 * (the subscriber's connection is idle while the broker holds the messages), the same
 * stall reported against HiveMQ CE for QoS 1 shared subscriptions at high rates.
 * <ol>
 * <li>Ceiling: the broker alone, QoS 1 publish to a QoS 1 subscriber, same payloads.</li>
 * <li>Bridge: QoS 1 publish into the ingest service until the record is readable in
 * Kafka.</li>
 * <li>Latency at a fixed rate through the bridge.</li>
 * </ol>
 * Payloads are contract telemetry padded to about 200 bytes; the publish time travels in
 * the payload, so latency is publish to arrival (at the subscriber, or at a Kafka
 * consumer).
 */
@Tag("benchmark")
@RealServers({ Server.KAFKA, Server.MOSQUITTO })
class IngestBenchmark {

	private static final int PUBLISHERS = Integer.getInteger("bench.publishers", 8);

	/** Unacknowledged QoS 1 publishes per client, as a car with a small send window. */
	private static final int WINDOW = Integer.getInteger("bench.window", 10);

	private static final int MESSAGES = Integer.getInteger("bench.messages", 200_000);

	private static final int FIXED_RATE = Integer.getInteger("bench.rate", 5_000);

	private static final int FIXED_RATE_SECONDS = Integer.getInteger("bench.rate-seconds", 20);

	@Test
	void ingestBenchmark(TestMosquitto mosquitto, TestKafka kafka) throws Exception {
		TestMqttBroker broker = mosquitto.broker();
		List<String> rows = new ArrayList<>();
		Result ceiling = brokerAlone(broker, MESSAGES / 2, 0);
		rows.add(ceiling.row("(a) broker alone, QoS 1 pub → sub (ceiling)"));
		try (IngestInstance ingest = IngestInstance.start(broker, kafka.bootstrapServers(),
				"ingest-bench-" + UUID.randomUUID(),
				Map.of("car.ingest.bridge.shared-group", "bench-" + UUID.randomUUID()))) {
			throughBridge(broker, kafka, 20_000, 0); // warm-up: JIT, topic metadata,
														// consumer group
			Result bridge = throughBridge(broker, kafka, MESSAGES, 0);
			rows.add(bridge.row("(b) QoS 1 publish → bridge → readable in Kafka"));
			Result fixed = throughBridge(broker, kafka, FIXED_RATE * FIXED_RATE_SECONDS, FIXED_RATE);
			rows.add(fixed.row("(d) bridge at a fixed " + FIXED_RATE + " msg/s"));
			Result fixedCeiling = brokerAlone(broker, FIXED_RATE * FIXED_RATE_SECONDS, FIXED_RATE);
			rows.add(fixedCeiling.row("(d') broker alone at a fixed " + FIXED_RATE + " msg/s"));
			System.out.println("\n## Ingest benchmark\n");
			System.out.printf(
					"Machine: %d cores, %d MiB max heap, Java %s; Kafka and the bridge in the benchmark JVM, Mosquitto as a child process%n%n",
					Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
					System.getProperty("java.version"));
			System.out.println("| stage | messages | msg/s | p50 ms | p99 ms | p99.9 ms |");
			System.out.println("|---|---:|---:|---:|---:|---:|");
			rows.forEach(System.out::println);
			System.out.printf("%n(c) ratio bridge / ceiling: %.2f%n%n", bridge.rate() / ceiling.rate());
		}
	}

	private Result brokerAlone(TestMqttBroker broker, int messages, int rate) throws Exception {
		String topic = "bench/" + UUID.randomUUID() + "/telemetry";
		Recorder recorder = new Recorder(messages);
		MqttAsyncClient subscriber = connect(broker, "bench-sub-" + UUID.randomUUID());
		subscriber.setCallback((MessageArrived) (arrivedOn, message) -> recorder.arrived(sentAt(message.getPayload())));
		subscriber.subscribe(new MqttSubscription[] { new MqttSubscription(topic, 1) }).waitForCompletion();
		long elapsed = publish(broker, messages, rate, (index) -> topic, recorder);
		subscriber.disconnect().waitForCompletion();
		subscriber.close();
		return recorder.result(messages, elapsed);
	}

	private Result throughBridge(TestMqttBroker broker, TestKafka kafka, int messages, int rate) throws Exception {
		TestVins vins = TestVins.fresh();
		String[] topics = new String[1000];
		for (int i = 0; i < topics.length; i++) {
			topics[i] = MqttTopic.TELEMETRY.of(vins.next());
		}
		Recorder recorder = new Recorder(messages);
		Thread reader = new Thread(() -> readKafka(kafka, vins, recorder), "bench-kafka-reader");
		reader.start();
		recorder.awaitReaderReady();
		long elapsed = publish(broker, messages, rate, (index) -> topics[index % topics.length], recorder);
		reader.join(TimeUnit.MINUTES.toMillis(5));
		return recorder.result(messages, elapsed);
	}

	private static void readKafka(TestKafka kafka, TestVins vins, Recorder recorder) {
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
						ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(),
						ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest", ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
						10_000),
				new StringDeserializer(), new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(KafkaTopic.TELEMETRY.topicName()));
			while (consumer.assignment().isEmpty()) {
				consumer.poll(Duration.ofMillis(100));
			}
			consumer.seekToEnd(consumer.assignment());
			consumer.assignment().forEach(consumer::position);
			recorder.readerReady();
			long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
			while (!recorder.complete() && System.nanoTime() < deadline) {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(20))) {
					if (vins.owns(record.key())) {
						recorder.arrived(sentAt(record.value()));
					}
				}
			}
		}
	}

	/**
	 * Publishes from {@link #PUBLISHERS} async clients, each with at most {@link #WINDOW}
	 * unacknowledged QoS 1 publishes, as fast as possible or at a fixed total rate.
	 */
	private long publish(TestMqttBroker broker, int messages, int rate, IntFunction<String> topicOf, Recorder recorder)
			throws Exception {
		List<MqttAsyncClient> clients = new ArrayList<>();
		for (int i = 0; i < PUBLISHERS; i++) {
			clients.add(connect(broker, "bench-pub-" + UUID.randomUUID()));
		}
		CountDownLatch acknowledged = new CountDownLatch(messages);
		long started = System.nanoTime();
		List<Thread> threads = new ArrayList<>();
		for (int p = 0; p < PUBLISHERS; p++) {
			MqttAsyncClient client = clients.get(p);
			int first = p;
			Thread thread = new Thread(() -> {
				Semaphore window = new Semaphore(WINDOW);
				MqttActionListener release = new MqttActionListener() {

					@Override
					public void onSuccess(IMqttToken token) {
						window.release();
						acknowledged.countDown();
					}

					@Override
					public void onFailure(IMqttToken token, Throwable failure) {
						window.release();
						recorder.failed();
						acknowledged.countDown();
					}

				};
				for (int index = first; index < messages; index += PUBLISHERS) {
					if (rate > 0) {
						long due = started + (long) index * 1_000_000_000L / rate;
						long wait = due - System.nanoTime();
						if (wait > 0) {
							LockSupport.parkNanos(wait);
						}
					}
					window.acquireUninterruptibly();
					String topic = topicOf.apply(index);
					MqttMessage message = new MqttMessage(payload());
					message.setQos(1);
					try {
						client.publish(topic, message, null, release);
					}
					catch (Exception ex) {
						window.release();
						recorder.failed();
						acknowledged.countDown();
					}
				}
			}, "bench-publisher-" + p);
			thread.start();
			threads.add(thread);
		}
		for (Thread thread : threads) {
			thread.join();
		}
		acknowledged.await(5, TimeUnit.MINUTES);
		recorder.awaitComplete(Duration.ofMinutes(5));
		long elapsed = recorder.lastArrival() - started;
		for (MqttAsyncClient client : clients) {
			client.disconnect().waitForCompletion();
			client.close();
		}
		return elapsed;
	}

	private static MqttAsyncClient connect(TestMqttBroker broker, String clientId) throws Exception {
		MqttAsyncClient client = new MqttAsyncClient(broker.serverUri(), clientId, new MemoryPersistence());
		MqttConnectionOptions options = new MqttConnectionOptions();
		options.setReceiveMaximum(65_535);
		options.setMaxReconnectDelay(1000);
		options.setSocketFactory(NoDelaySocketFactory.get());
		client.connect(options).waitForCompletion();
		return client;
	}

	/**
	 * Contract telemetry of about 200 bytes; {@code seq} carries the publish time in
	 * nanoseconds.
	 */
	private static byte[] payload() {
		String json = "{\"seq\":" + System.nanoTime() + ",\"ts\":\"2026-01-01T00:00:00.000Z\",\"signals\":{"
				+ "\"Vehicle.Speed\":87.5,\"Vehicle.CurrentLocation.Latitude\":52.52,"
				+ "\"Vehicle.CurrentLocation.Longitude\":13.405,"
				+ "\"Vehicle.Powertrain.TractionBattery.StateOfCharge.Current\":76.4}}";
		return json.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * The publish time, from the {@code seq} field of the payload or of the normalized
	 * record.
	 */
	private static long sentAt(byte[] json) {
		String text = new String(json, StandardCharsets.UTF_8);
		int start = text.indexOf("\"seq\":") + 6;
		int end = start;
		while (Character.isDigit(text.charAt(end))) {
			end++;
		}
		return Long.parseLong(text, start, end, 10);
	}

	/** Arrival times of one run. */
	private static final class Recorder {

		private final long[] latencies;

		private final AtomicLong arrived = new AtomicLong();

		private final AtomicLong failures = new AtomicLong();

		private final CountDownLatch ready = new CountDownLatch(1);

		private volatile long lastArrival;

		Recorder(int expected) {
			this.latencies = new long[expected];
		}

		void arrived(long sentAt) {
			long now = System.nanoTime();
			int index = (int) this.arrived.getAndIncrement();
			if (index < this.latencies.length) {
				this.latencies[index] = now - sentAt;
			}
			this.lastArrival = now;
		}

		void failed() {
			this.failures.incrementAndGet();
		}

		/** Every message either arrived or failed to publish. */
		boolean complete() {
			return this.arrived.get() + this.failures.get() >= this.latencies.length;
		}

		void readerReady() {
			this.ready.countDown();
		}

		void awaitReaderReady() throws InterruptedException {
			this.ready.await(1, TimeUnit.MINUTES);
		}

		void awaitComplete(Duration timeout) {
			long deadline = System.nanoTime() + timeout.toNanos();
			while (!complete() && System.nanoTime() < deadline) {
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
			}
		}

		long lastArrival() {
			return this.lastArrival;
		}

		Result result(int messages, long elapsedNanos) {
			int count = (int) Math.min(this.arrived.get(), this.latencies.length);
			long[] sorted = Arrays.copyOf(this.latencies, count);
			Arrays.sort(sorted);
			return new Result(messages, count, this.failures.get(), count / (elapsedNanos / 1e9),
					percentile(sorted, 50), percentile(sorted, 99), percentile(sorted, 99.9));
		}

		private static double percentile(long[] sorted, double percentile) {
			if (sorted.length == 0) {
				return Double.NaN;
			}
			int index = (int) Math.min(sorted.length - 1, Math.ceil(percentile / 100 * sorted.length) - 1);
			return sorted[Math.max(0, index)] / 1e6;
		}

	}

	private record Result(int sent, int arrived, long failures, double rate, double p50, double p99, double p999) {

		String row(String stage) {
			String lost = (arrived < sent || failures > 0) ? " (arrived " + arrived + ", failed " + failures + ")" : "";
			return "| %s%s | %d | %.0f | %.1f | %.1f | %.1f |".formatted(stage, lost, sent, rate, p50, p99, p999);
		}

	}

}
