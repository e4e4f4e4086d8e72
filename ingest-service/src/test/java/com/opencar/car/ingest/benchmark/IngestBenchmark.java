package com.opencar.car.ingest.benchmark;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import java.util.stream.Stream;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.opencar.car.common.net.NoDelaySocketFactory;
import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.common.topic.MqttTopic;
import com.opencar.car.ingest.support.IngestInstance;
import com.opencar.car.simulator.load.Latencies;
import com.opencar.car.simulator.load.LoadGenerator;
import com.opencar.car.testsupport.MessageArrived;
import com.opencar.car.testsupport.RealServers;
import com.opencar.car.testsupport.Server;
import com.opencar.car.testsupport.TestKafka;
import com.opencar.car.testsupport.TestMosquitto;
import com.opencar.car.testsupport.TestMqttBroker;
import com.opencar.car.testsupport.TestVins;
import com.opencar.car.testsupport.benchmark.BenchmarkResults;
import com.opencar.car.testsupport.benchmark.BenchmarkStage;

import static org.awaitility.Awaitility.await;

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
 * The publishers are the shared load generator of the vehicle simulator driving MQTT 5
 * clients; payloads are contract telemetry padded to about 200 bytes; the publish time
 * travels in the payload, so latency is publish to arrival (at the subscriber, or at a
 * Kafka consumer).
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

	/**
	 * The fixed rates stepped through, so the knee shows; {@link #FIXED_RATE} among them.
	 */
	private static final List<Integer> RATES = Stream
		.concat(Stream.of(System.getProperty("bench.rates", "1000,2000,5000,8000").split(",")).map(Integer::valueOf),
				Stream.of(FIXED_RATE))
		.distinct()
		.sorted()
		.toList();

	@Test
	void ingestBenchmark(TestMosquitto mosquitto, TestKafka kafka) throws Exception {
		TestMqttBroker broker = mosquitto.broker();
		List<String> rows = new ArrayList<>();
		Result ceiling = brokerAlone(broker, MESSAGES / 2, 0);
		rows.add(ceiling.row("(a) broker alone, QoS 1 pub → sub (ceiling)"));
		// the same with Mosquitto's own clients: whether this harness's Java clients are
		// the limit of the ceiling
		double mosquittoClients = mosquittoClients(broker, MESSAGES / 2);
		System.out.printf("(a'') broker alone with mosquitto_pub → mosquitto_sub, QoS 1: %.0f msg/s%n",
				mosquittoClients);
		try (IngestInstance ingest = IngestInstance.start(broker, kafka.bootstrapServers(),
				"ingest-bench-" + UUID.randomUUID(),
				Map.of("car.ingest.bridge.shared-group", "bench-" + UUID.randomUUID()))) {
			throughBridge(broker, kafka, 20_000, 0); // warm-up: JIT, topic metadata,
														// consumer group
			Result bridge = throughBridge(broker, kafka, MESSAGES, 0);
			rows.add(bridge.row("(b) QoS 1 publish → bridge → readable in Kafka"));
			// the fixed rates stepped up: where the bridge's p99 leaves the broker's is
			// the
			// knee
			Result fixed = null;
			Result fixedCeiling = null;
			for (int rate : RATES) {
				Result bridgeAt = throughBridge(broker, kafka, rate * FIXED_RATE_SECONDS, rate);
				rows.add(bridgeAt.row("(d) bridge at a fixed " + rate + " msg/s"));
				Result brokerAt = brokerAlone(broker, rate * FIXED_RATE_SECONDS, rate);
				rows.add(brokerAt.row("(d') broker alone at a fixed " + rate + " msg/s"));
				if (rate == FIXED_RATE) {
					fixed = bridgeAt;
					fixedCeiling = brokerAt;
				}
			}
			System.out.println("\n## Ingest benchmark\n");
			System.out.printf(
					"Machine: %d cores, %d MiB max heap, Java %s; Kafka and the bridge in the benchmark JVM, Mosquitto as a child process%n%n",
					Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
					System.getProperty("java.version"));
			System.out.println("| stage | messages | msg/s | p50 ms | p99 ms | p99.9 ms |");
			System.out.println("|---|---:|---:|---:|---:|---:|");
			rows.forEach(System.out::println);
			System.out.printf("%n(c) ratio bridge / ceiling: %.2f (bridge / Mosquitto's own clients: %.2f)%n",
					bridge.rate() / ceiling.rate(), bridge.rate() / mosquittoClients);
			double producer = producerAlone(kafka, MESSAGES);
			System.out.printf(
					"(e) Kafka producer alone (acks=all, idempotent, the bridge's batching): %.0f records/s; "
							+ "bridge output %.0f records/s, ratio %.2f%n%n",
					producer, bridge.rate(), bridge.rate() / producer);
			BenchmarkResults.record("ingest", List.of(
					BenchmarkStage.rate("ingest",
							"MQTT QoS 1 ceiling: Mosquitto's own clients vs this harness's Java clients", "msg/s",
							mosquittoClients, ceiling.rate(), Map.of()),
					BenchmarkStage.rate("ingest",
							"MQTT QoS 1: broker alone (pub → sub) vs bridge (publish → readable in Kafka)", "msg/s",
							ceiling.rate(), bridge.rate(), bridge.details(ceiling)),
					BenchmarkStage.latency("ingest", "p99 at a fixed " + FIXED_RATE + " msg/s: broker alone vs bridge",
							fixedCeiling.p99(), fixed.p99(), fixed.details(fixedCeiling)),
					BenchmarkStage.rate("ingest", "Kafka: producer alone vs bridge output", "records/s", producer,
							bridge.rate(), Map.of())));
		}
	}

	/**
	 * The Kafka ceiling: one producer configured as the bridge's (acks=all, idempotent,
	 * 64 KB batches, 5 ms linger) sending the same payloads keyed by 1,000 VINs.
	 * @return records acknowledged per second
	 */
	private static double producerAlone(TestKafka kafka, int messages) throws Exception {
		String topic = "bench.producer-ceiling." + UUID.randomUUID();
		TestVins vins = TestVins.fresh();
		String[] keys = new String[1000];
		for (int i = 0; i < keys.length; i++) {
			keys[i] = vins.next().value();
		}
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG,
						"all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.BATCH_SIZE_CONFIG,
						64 * 1024, ProducerConfig.LINGER_MS_CONFIG, 5),
				new StringSerializer(), new ByteArraySerializer())) {
			// warm-up: metadata, the topic's creation, the JIT
			for (int i = 0; i < 10_000; i++) {
				producer.send(new ProducerRecord<>(topic, keys[i % keys.length], payload(System.nanoTime())));
			}
			producer.flush();
			CountDownLatch acknowledged = new CountDownLatch(messages);
			long started = System.nanoTime();
			for (int i = 0; i < messages; i++) {
				producer.send(new ProducerRecord<>(topic, keys[i % keys.length], payload(System.nanoTime())),
						(metadata, failure) -> {
							if (failure == null) {
								acknowledged.countDown();
							}
						});
			}
			if (!acknowledged.await(5, TimeUnit.MINUTES)) {
				throw new IllegalStateException(acknowledged.getCount() + " records not acknowledged");
			}
			return messages / ((System.nanoTime() - started) / 1e9);
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

	/**
	 * The broker's ceiling as its own clients reach it: {@value #PUBLISHERS}
	 * {@code mosquitto_pub -l} processes at QoS 1 (a message a line of their input) to
	 * one {@code mosquitto_sub} at QoS 1, timed from the publishers' start to the last
	 * message's arrival. Fails if the clients are missing (Debian's
	 * {@code mosquitto-clients}).
	 * @return messages per second
	 */
	private static double mosquittoClients(TestMqttBroker broker, int messages) throws Exception {
		URI uri = URI.create(broker.serverUri());
		String host = uri.getHost();
		String port = String.valueOf(uri.getPort());
		String topic = "bench/" + UUID.randomUUID() + "/telemetry";
		Process subscriber = new ProcessBuilder("mosquitto_sub", "-h", host, "-p", port, "-q", "1", "-t", topic)
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		AtomicBoolean subscribed = new AtomicBoolean();
		AtomicInteger received = new AtomicInteger();
		AtomicLong lastArrival = new AtomicLong();
		CountDownLatch all = new CountDownLatch(1);
		Thread reader = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(subscriber.getInputStream(), StandardCharsets.UTF_8), 1 << 16)) {
				for (String line = lines.readLine(); line != null; line = lines.readLine()) {
					if (line.equals("probe")) {
						subscribed.set(true);
					}
					else if (received.incrementAndGet() == messages) {
						lastArrival.set(System.nanoTime());
						all.countDown();
					}
				}
			}
			catch (IOException ex) {
				// the subscriber was stopped
			}
		}, "bench-mosquitto-sub");
		reader.start();
		try {
			// a probe on the topic arrives once the subscription is in place
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				new ProcessBuilder("mosquitto_pub", "-h", host, "-p", port, "-q", "1", "-t", topic, "-m", "probe")
					.start()
					.waitFor(10, TimeUnit.SECONDS);
				return subscribed.get();
			});
			byte[] line = (new String(payload(0), StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8);
			List<Process> publishers = new ArrayList<>();
			List<Thread> feeders = new ArrayList<>();
			long started = System.nanoTime();
			for (int p = 0; p < PUBLISHERS; p++) {
				int count = messages / PUBLISHERS + ((p < messages % PUBLISHERS) ? 1 : 0);
				Process publisher = new ProcessBuilder("mosquitto_pub", "-h", host, "-p", port, "-q", "1", "-t", topic,
						"-l")
					.redirectError(ProcessBuilder.Redirect.INHERIT)
					.start();
				publishers.add(publisher);
				Thread feeder = new Thread(() -> {
					try (OutputStream input = new BufferedOutputStream(publisher.getOutputStream(), 1 << 16)) {
						for (int i = 0; i < count; i++) {
							input.write(line);
						}
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
				}, "bench-mosquitto-pub-" + p);
				feeder.start();
				feeders.add(feeder);
			}
			if (!all.await(5, TimeUnit.MINUTES)) {
				throw new IllegalStateException(
						"mosquitto_sub received " + received.get() + " of " + messages + " messages in 5 minutes");
			}
			for (Thread feeder : feeders) {
				feeder.join();
			}
			for (Process publisher : publishers) {
				publisher.waitFor(30, TimeUnit.SECONDS);
			}
			return messages / ((lastArrival.get() - started) / 1e9);
		}
		finally {
			subscriber.destroy();
			reader.join(10_000);
		}
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
	 * Publishes through the shared load generator from {@link #PUBLISHERS} MQTT 5 clients
	 * (the simulator's HiveMQ client) in turn, with at most {@link #WINDOW}
	 * unacknowledged QoS 1 publishes per client on average, as fast as possible or at a
	 * fixed total rate.
	 * @return from the first publish to the last arrival
	 */
	private long publish(TestMqttBroker broker, int messages, int rate, IntFunction<String> topicOf, Recorder recorder)
			throws Exception {
		URI uri = URI.create(broker.serverUri());
		List<Mqtt5AsyncClient> clients = new ArrayList<>();
		for (int i = 0; i < PUBLISHERS; i++) {
			Mqtt5AsyncClient client = MqttClient.builder()
				.useMqttVersion5()
				.identifier("bench-pub-" + UUID.randomUUID())
				.serverHost(uri.getHost())
				.serverPort(uri.getPort())
				.buildAsync();
			client.connect().get(30, TimeUnit.SECONDS);
			clients.add(client);
		}
		LoadGenerator generator = new LoadGenerator(LoadGenerator.Plan.count(messages, rate, PUBLISHERS * WINDOW));
		LoadGenerator.Result published = generator
			// stamped with when it was due (at a fixed rate), so waiting for the window
			// counts
			.run((index) -> clients.get((int) (index % PUBLISHERS))
				.publishWith()
				.topic(topicOf.apply((int) index))
				.qos(MqttQos.AT_LEAST_ONCE)
				.payload(payload(generator.dueNanos(index)))
				.send()
				.whenComplete((ack, failure) -> {
					if (failure != null) {
						recorder.failed();
					}
				}), Duration.ofMinutes(5));
		recorder.awaitComplete(Duration.ofMinutes(5));
		for (Mqtt5AsyncClient client : clients) {
			client.disconnect().get(30, TimeUnit.SECONDS);
		}
		return recorder.lastArrival() - published.startedNanos();
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
	 * Contract telemetry of about 200 bytes; {@code seq} carries the time the publish was
	 * due, in nanoseconds.
	 */
	private static byte[] payload(long due) {
		String json = "{\"seq\":" + due + ",\"ts\":\"2026-01-01T00:00:00.000Z\",\"signals\":{"
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

		private final int expected;

		/** Arrivals timed from publish, and publishes that failed. */
		private final Latencies latencies = new Latencies();

		private final CountDownLatch ready = new CountDownLatch(1);

		private volatile long lastArrival;

		Recorder(int expected) {
			this.expected = expected;
		}

		void arrived(long sentAt) {
			long now = System.nanoTime();
			this.latencies.record(now - sentAt);
			this.lastArrival = now;
		}

		void failed() {
			this.latencies.failed();
		}

		/** Every message either arrived or failed to publish. */
		boolean complete() {
			return this.latencies.count() + this.latencies.failures() >= this.expected;
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
			Latencies.Summary summary = this.latencies.summary();
			return new Result(messages, summary.count(), summary.failed(), summary.count() / (elapsedNanos / 1e9),
					summary.p50(), summary.p99(), summary.p999());
		}

	}

	private record Result(int sent, int arrived, long failures, double rate, double p50, double p99, double p999) {

		Map<String, Double> details(Result ceiling) {
			return Map.of("p50 ms", this.p50, "p99 ms", this.p99, "p99.9 ms", this.p999, "ceiling p50 ms", ceiling.p50,
					"ceiling p99 ms", ceiling.p99, "ceiling p99.9 ms", ceiling.p999);
		}

		String row(String stage) {
			String lost = (arrived < sent || failures > 0) ? " (arrived " + arrived + ", failed " + failures + ")" : "";
			return "| %s%s | %d | %.0f | %.1f | %.1f | %.1f |".formatted(stage, lost, sent, rate, p50, p99, p999);
		}

	}

}
