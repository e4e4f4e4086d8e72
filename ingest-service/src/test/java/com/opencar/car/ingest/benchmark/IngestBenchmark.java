package com.opencar.car.ingest.benchmark;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
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

import com.opencar.car.common.net.MqttSocketFactory;
import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.common.topic.MqttTopic;
import com.opencar.car.ingest.IngestApplication;
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
import com.opencar.car.testsupport.security.DevIssuer;

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
 * <li>Ceilings: the broker alone, QoS 1 publish to a QoS 1 subscriber, same payloads,
 * with this harness's clients and with Mosquitto's own; the Kafka producer alone.</li>
 * <li>Bridge: QoS 1 publish into the ingest service until the record is readable in
 * Kafka, flat out, then at fixed rates stepped up, each beside the broker alone at that
 * rate.</li>
 * <li>Peers, on the same load: the plain Spring Integration flow ({@link PlainBridge})
 * and {@code mosquitto_sub | kcat -P}.</li>
 * </ol>
 * The bridge and the plain flow run as processes of their own ({@link ChildJvm}), so each
 * row's CPU time per message is theirs alone; both are warmed up until that figure
 * settles. Flight recordings of the bridge are taken in extra stages, not in the measured
 * ones, and left in {@code target/}. {@code -Dbench.ingest.<property>=<value>} sets a
 * property of the bridge, to try a setting.
 * <p>
 * The publishers are the shared load generator of the vehicle simulator driving MQTT 5
 * clients; payloads are contract telemetry padded to about 200 bytes; the time each
 * publish was due travels in the payload, so latency is due time to arrival (at the
 * subscriber, or at a Kafka consumer).
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

	private static final String BRIDGE_PROPERTY = "bench.ingest.";

	/**
	 * {@code -Dbench.peers=false} leaves the peers out, to try a setting of the bridge.
	 */
	private static final boolean PEERS = Boolean.parseBoolean(System.getProperty("bench.peers", "true"));

	private static final int WARM_UP_ROUND = 20_000;

	private static final int WARM_UP_ROUNDS = 12;

	/** Where the flight recordings of the bridge go. */
	private static final Path RECORDINGS = Path.of(System.getProperty("bench.recordings", "target"));

	/** The chart's heap for an ingest pod: 75 % of its 768 MiB limit. */
	private static final String HEAP = "576m";

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
		Result bridge;
		Result fixed = null;
		Result fixedCeiling = null;
		Map<String, Object> settings = new LinkedHashMap<>(Map.of("spring.profiles.active", DevIssuer.PROFILE,
				"spring.kafka.bootstrap-servers", kafka.bootstrapServers(), "car.ingest.mqtt.url", broker.serverUri(),
				"car.ingest.mqtt.client-id", "ingest-bench-" + UUID.randomUUID(), "car.ingest.bridge.shared-group",
				"bench-" + UUID.randomUUID()));
		// -Dbench.ingest.<property>=<value> sets a property of the bridge, to try a
		// setting
		System.getProperties()
			.stringPropertyNames()
			.stream()
			.filter((name) -> name.startsWith(BRIDGE_PROPERTY))
			.forEach((name) -> settings.put(name.substring(BRIDGE_PROPERTY.length()), System.getProperty(name)));
		try (ChildJvm ingest = ChildJvm.startService("ingest", IngestApplication.class, HEAP, settings)) {
			Bridge service = new Bridge(KafkaTopic.TELEMETRY.topicName(), (key) -> key, ingest::cpu);
			warmUp(broker, kafka, service);
			bridge = throughBridge(broker, kafka, service, MESSAGES, 0);
			rows.add(bridge.row("(b) QoS 1 publish → bridge → readable in Kafka"));
			// the fixed rates stepped up: where the bridge's p99 leaves the broker's is
			// the knee
			for (int rate : RATES) {
				Result bridgeAt = throughBridge(broker, kafka, service, rate * FIXED_RATE_SECONDS, rate);
				rows.add(bridgeAt.row("(d) bridge at a fixed " + rate + " msg/s"));
				Result alone = brokerAlone(broker, rate * FIXED_RATE_SECONDS, rate);
				rows.add(alone.row("(d') broker alone at a fixed " + rate + " msg/s"));
				if (rate == FIXED_RATE) {
					fixed = bridgeAt;
					fixedCeiling = alone;
				}
			}
			// profiled apart from the measured stages: a flight recording costs the
			// bridge
			// CPU of its own (the JIT recompiles what the recorder instruments)
			ingest.startRecording();
			Result profiled = throughBridge(broker, kafka, service, FIXED_RATE * FIXED_RATE_SECONDS, FIXED_RATE);
			ingest.stopRecording(RECORDINGS.resolve("ingest-bridge-" + FIXED_RATE + ".jfr"));
			rows.add(profiled.row("(p) bridge at a fixed " + FIXED_RATE + " msg/s under a flight recording"));
			ingest.startRecording();
			profiled = throughBridge(broker, kafka, service, MESSAGES, 0);
			ingest.stopRecording(RECORDINGS.resolve("ingest-bridge-flat-out.jfr"));
			rows.add(profiled.row("(p) bridge flat out under a flight recording"));
		}
		// the peers, one at a time on the same broker and load, each into a topic of its
		// own with the telemetry topic's partitions
		List<String> peerRows = new ArrayList<>();
		Map<String, Peer> peers = new LinkedHashMap<>();
		if (PEERS) {
			String plainTopic = peerTopic(kafka, "plain");
			try (ChildJvm plain = ChildJvm.start("plain-bridge", PlainBridge.class, HEAP,
					List.of(broker.serverUri(), kafka.bootstrapServers(), plainTopic))) {
				peers.put("plain Spring Integration flow (auto acks)",
						peer(broker, kafka, new Bridge(plainTopic, IngestBenchmark::vinOfTopic, plain::cpu)));
			}
			String pipeTopic = peerTopic(kafka, "pipe");
			try (ShellPipe pipe = ShellPipe.start(broker, kafka, pipeTopic)) {
				peers.put("mosquitto_sub | kcat -P",
						peer(broker, kafka, new Bridge(pipeTopic, IngestBenchmark::vinOfTopic, pipe::cpu)));
			}
		}
		peers.forEach((peer, results) -> {
			peerRows.add(results.flatOut().row("(f) " + peer + ", flat out"));
			peerRows.add(results.fixedRate().row("(f) " + peer + " at a fixed " + FIXED_RATE + " msg/s"));
		});
		System.out.println("\n## Ingest benchmark\n");
		System.out.printf(
				"Machine: %d cores, Java %s; Kafka and the load generator in the benchmark JVM, Mosquitto, the bridge "
						+ "and each peer in processes of their own (the JVMs with -Xmx%s)%n%n",
				Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), HEAP);
		System.out.println("| stage | messages | msg/s | p50 ms | p99 ms | p99.9 ms | CPU µs/msg |");
		System.out.println("|---|---:|---:|---:|---:|---:|---:|");
		rows.forEach(System.out::println);
		peerRows.forEach(System.out::println);
		System.out.printf("%n(c) ratio bridge / ceiling: %.2f (bridge / Mosquitto's own clients: %.2f)%n",
				bridge.rate() / ceiling.rate(), bridge.rate() / mosquittoClients);
		double producer = producerAlone(kafka, MESSAGES);
		System.out.printf(
				"(e) Kafka producer alone (acks=all, idempotent, the bridge's batching): %.0f records/s; "
						+ "bridge output %.0f records/s, ratio %.2f%n",
				producer, bridge.rate(), bridge.rate() / producer);
		System.out.printf("Flight recordings of the bridge (flat out, %d msg/s) in %s%n%n", FIXED_RATE,
				RECORDINGS.toAbsolutePath());
		List<BenchmarkStage> stages = new ArrayList<>(List.of(
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
		for (Map.Entry<String, Peer> peer : peers.entrySet()) {
			stages.add(BenchmarkStage.latency("ingest",
					"p99 at a fixed " + FIXED_RATE + " msg/s: " + peer.getKey() + " vs bridge",
					peer.getValue().fixedRate().p99(), fixed.p99(), fixed.details(fixedCeiling)));
		}
		BenchmarkResults.record("ingest", stages);
	}

	/**
	 * Runs rounds of {@value #WARM_UP_ROUND} messages flat out until the CPU a message
	 * costs the path settles (within 10 % of the round before; at most
	 * {@value #WARM_UP_ROUNDS} rounds): what is measured is then a warmed-up process, not
	 * its JIT compiler, which took half the bridge's CPU after one such round.
	 */
	private void warmUp(TestMqttBroker broker, TestKafka kafka, Bridge bridge) throws Exception {
		double previous = Double.NaN;
		for (int round = 1; round <= WARM_UP_ROUNDS; round++) {
			double cpu = throughBridge(broker, kafka, bridge, WARM_UP_ROUND, 0).cpuMicrosPerMessage();
			System.out.printf("warm-up %s round %d: %.1f µs CPU/msg%n", bridge.kafkaTopic(), round, cpu);
			if (Math.abs(cpu - previous) <= 0.1 * previous) {
				return;
			}
			previous = cpu;
		}
		System.out.printf("warm-up of %s did not settle in %d rounds%n", bridge.kafkaTopic(), WARM_UP_ROUNDS);
	}

	/** A peer flat out, then at the fixed rate, after a warm-up. */
	private Peer peer(TestMqttBroker broker, TestKafka kafka, Bridge bridge) throws Exception {
		awaitFlowing(broker, kafka, bridge);
		warmUp(broker, kafka, bridge);
		return new Peer(throughBridge(broker, kafka, bridge, MESSAGES, 0),
				throughBridge(broker, kafka, bridge, FIXED_RATE * FIXED_RATE_SECONDS, FIXED_RATE));
	}

	/** A Kafka topic for a peer, with the partitions the service gives its topics. */
	private static String peerTopic(TestKafka kafka, String peer) throws Exception {
		String topic = "bench.peer." + peer + "." + UUID.randomUUID();
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
			admin.createTopics(List.of(new NewTopic(topic, 4, (short) 1))).all().get(30, TimeUnit.SECONDS);
		}
		return topic;
	}

	/** Probes until a message published to a car's topic comes out of the peer. */
	private static void awaitFlowing(TestMqttBroker broker, TestKafka kafka, Bridge bridge) throws Exception {
		MqttAsyncClient prober = connect(broker, "bench-probe-" + UUID.randomUUID());
		String probeTopic = MqttTopic.TELEMETRY.of(TestVins.fresh().next());
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
						ConsumerConfig.GROUP_ID_CONFIG, "bench-probe-" + UUID.randomUUID(),
						ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new StringDeserializer(), new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(bridge.kafkaTopic()));
			await(bridge.kafkaTopic() + " flowing").atMost(Duration.ofMinutes(1)).until(() -> {
				prober.publish(probeTopic, payload(0), 1, false).waitForCompletion();
				return !consumer.poll(Duration.ofMillis(500)).isEmpty();
			});
		}
		finally {
			prober.disconnect().waitForCompletion();
			prober.close();
		}
	}

	private static String vinOfTopic(String topic) {
		int start = topic.indexOf('/') + 1;
		return topic.substring(start, topic.indexOf('/', start));
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

	private Result throughBridge(TestMqttBroker broker, TestKafka kafka, Bridge bridge, int messages, int rate)
			throws Exception {
		TestVins vins = TestVins.fresh();
		String[] topics = new String[1000];
		for (int i = 0; i < topics.length; i++) {
			topics[i] = MqttTopic.TELEMETRY.of(vins.next());
		}
		Recorder recorder = new Recorder(messages);
		Thread reader = new Thread(() -> readKafka(kafka, bridge, vins, recorder), "bench-kafka-reader");
		reader.start();
		recorder.awaitReaderReady();
		Duration cpuBefore = bridge.cpu().get();
		long elapsed = publish(broker, messages, rate, (index) -> topics[index % topics.length], recorder);
		Duration cpu = bridge.cpu().get().minus(cpuBefore);
		recorder.stopReading();
		reader.join(TimeUnit.MINUTES.toMillis(1));
		return recorder.result(messages, elapsed).withCpu(cpu);
	}

	private static void readKafka(TestKafka kafka, Bridge bridge, TestVins vins, Recorder recorder) {
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
						ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(),
						ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest", ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
						10_000),
				new StringDeserializer(), new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(bridge.kafkaTopic()));
			while (consumer.assignment().isEmpty()) {
				consumer.poll(Duration.ofMillis(100));
			}
			consumer.seekToEnd(consumer.assignment());
			consumer.assignment().forEach(consumer::position);
			recorder.readerReady();
			long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
			while (!recorder.complete() && !recorder.readingStopped() && System.nanoTime() < deadline) {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(20))) {
					if (record.key() != null && vins.owns(bridge.vinOfKey().apply(record.key()))) {
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
		options.setSocketFactory(MqttSocketFactory.get());
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

		private static final Duration STALLED = Duration.ofSeconds(10);

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

		private volatile boolean readingStopped;

		void stopReading() {
			this.readingStopped = true;
		}

		boolean readingStopped() {
			return this.readingStopped;
		}

		void readerReady() {
			this.ready.countDown();
		}

		void awaitReaderReady() throws InterruptedException {
			this.ready.await(1, TimeUnit.MINUTES);
		}

		/**
		 * Waits until every message arrived, at most {@code timeout}, or until none
		 * arrived for {@link #STALLED}: a path that lost messages costs seconds, not the
		 * whole timeout, and its row says how many arrived.
		 */
		void awaitComplete(Duration timeout) {
			long deadline = System.nanoTime() + timeout.toNanos();
			long count = -1;
			long progressed = System.nanoTime();
			while (!complete() && System.nanoTime() < deadline) {
				if (this.latencies.count() != count) {
					count = this.latencies.count();
					progressed = System.nanoTime();
				}
				else if (System.nanoTime() - progressed > STALLED.toNanos()) {
					return;
				}
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
			}
		}

		long lastArrival() {
			return this.lastArrival;
		}

		Result result(int messages, long elapsedNanos) {
			Latencies.Summary summary = this.latencies.summary();
			return new Result(messages, summary.count(), summary.failed(), summary.count() / (elapsedNanos / 1e9),
					summary.p50(), summary.p99(), summary.p999(), Double.NaN);
		}

	}

	/**
	 * A peer's two stages.
	 *
	 * @param flatOut as fast as it goes
	 * @param fixedRate at {@link #FIXED_RATE}
	 */
	private record Peer(Result flatOut, Result fixedRate) {

	}

	/**
	 * A path from the broker into Kafka under test.
	 *
	 * @param kafkaTopic where its records land
	 * @param vinOfKey the VIN a record's key names
	 * @param cpu the CPU time its processes have used so far
	 */
	private record Bridge(String kafkaTopic, Function<String, String> vinOfKey, Supplier<Duration> cpu) {
	}

	/**
	 * A {@code mosquitto_sub | kcat -P} pipe: every message of the cars' telemetry topics
	 * as a line {@code topic|payload}, produced with the topic as key (acks=all,
	 * librdkafka's defaults). {@code mosquitto_sub} acknowledges each message as it
	 * prints it. Fails if {@code kcat} (Debian's {@code kcat}) is missing.
	 */
	private static final class ShellPipe implements AutoCloseable {

		private final Process shell;

		private ShellPipe(Process shell) {
			this.shell = shell;
		}

		static ShellPipe start(TestMqttBroker broker, TestKafka kafka, String topic) throws IOException {
			URI uri = URI.create(broker.serverUri());
			for (String tool : List.of("kcat", "stdbuf", "mosquitto_sub")) {
				if (Stream.of(System.getenv("PATH").split(":"))
					.noneMatch((dir) -> Files.isExecutable(Path.of(dir, tool)))) {
					throw new IllegalStateException(tool + " is not installed: the pipe peer needs it "
							+ "(apt-get install kcat mosquitto-clients coreutils)");
				}
			}
			String command = "stdbuf -oL mosquitto_sub -h %s -p %d -q 1 -i bench-pipe-%s -t 'vehicles/+/telemetry' -F '%%t|%%p'"
				.formatted(uri.getHost(), uri.getPort(), UUID.randomUUID())
					+ " | kcat -P -b %s -t %s -K '|' -X acks=all".formatted(kafka.bootstrapServers(), topic);
			return new ShellPipe(new ProcessBuilder("sh", "-c", command).redirectErrorStream(true)
				.redirectOutput(Path.of("target", "pipe.log").toFile())
				.start());
		}

		/** The CPU time of both ends of the pipe. */
		Duration cpu() {
			return this.shell.descendants()
				.map((process) -> process.info().totalCpuDuration().orElse(Duration.ZERO))
				.reduce(Duration.ZERO, Duration::plus);
		}

		@Override
		public void close() throws InterruptedException {
			this.shell.descendants().forEach(ProcessHandle::destroy);
			this.shell.destroy();
			this.shell.waitFor(30, TimeUnit.SECONDS);
		}

	}

	private record Result(int sent, int arrived, long failures, double rate, double p50, double p99, double p999,
			double cpuMicrosPerMessage) {

		Result withCpu(Duration cpu) {
			return new Result(this.sent, this.arrived, this.failures, this.rate, this.p50, this.p99, this.p999,
					(this.arrived > 0) ? cpu.toNanos() / 1e3 / this.arrived : Double.NaN);
		}

		Map<String, Double> details(Result ceiling) {
			return Map.of("p50 ms", this.p50, "p99 ms", this.p99, "p99.9 ms", this.p999, "ceiling p50 ms", ceiling.p50,
					"ceiling p99 ms", ceiling.p99, "ceiling p99.9 ms", ceiling.p999, "CPU µs/msg",
					this.cpuMicrosPerMessage);
		}

		String row(String stage) {
			String lost = (arrived < sent || failures > 0) ? " (arrived " + arrived + ", failed " + failures + ")" : "";
			String cpu = Double.isNaN(cpuMicrosPerMessage) ? "—" : "%.1f".formatted(cpuMicrosPerMessage);
			return "| %s%s | %d | %.0f | %.1f | %.1f | %.1f | %s |".formatted(stage, lost, sent, rate, p50, p99, p999,
					cpu);
		}

	}

}
