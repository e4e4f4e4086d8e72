package com.opencar.car.testsupport;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@RealServers({ Server.KAFKA, Server.MQTT, Server.POSTGRES, Server.MONGO })
class RealServersIntegrationTests {

	@Test
	void kafkaStoresAndServesRecords(TestKafka kafka) throws Exception {
		String topic = "test-support-" + UUID.randomUUID();
		Map<String, Object> producerConfig = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		RecordMetadata metadata;
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
				new StringSerializer())) {
			metadata = producer.send(new ProducerRecord<>(topic, "WVWZZZ1JZXW000001", "hello")).get();
		}
		assertThat(metadata.offset()).isZero();

		Map<String, Object> consumerConfig = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
				ConsumerConfig.GROUP_ID_CONFIG, "test-support", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		List<ConsumerRecord<String, String>> received = new CopyOnWriteArrayList<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
				new StringDeserializer())) {
			consumer.subscribe(List.of(topic));
			await().atMost(Duration.ofSeconds(30))
				.until(() -> consumer.poll(Duration.ofMillis(200)).records(topic).iterator(), (records) -> {
					records.forEachRemaining(received::add);
					return !received.isEmpty();
				});
		}
		assertThat(received).singleElement().satisfies((record) -> {
			assertThat(record.key()).isEqualTo("WVWZZZ1JZXW000001");
			assertThat(record.value()).isEqualTo("hello");
		});
	}

	@Test
	void kafkaComesBackFromAnOutageWithItsDataAndDeliversWhatWasSentMeanwhile(TestKafka kafka) throws Exception {
		String topic = "outage-" + UUID.randomUUID();
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
				new StringSerializer())) {
			assertThat(producer.send(new ProducerRecord<>(topic, "k", "before")).get().offset()).isZero();
			CompletableFuture<RecordMetadata> during;
			kafka.outage().begin();
			try {
				// send() blocks while the broker is away (max.block.ms), so it runs on
				// another thread
				during = CompletableFuture.supplyAsync(() -> {
					try {
						return producer.send(new ProducerRecord<>(topic, "k", "during")).get();
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
				});
				assertThat(during).isNotDone();
			}
			finally {
				kafka.outage().end();
			}
			assertThat(during.get(60, TimeUnit.SECONDS).offset()).isEqualTo(1);
		}
	}

	@Test
	void mqttBrokerRoutesQos1MessagesOverMqtt5(TestMqttBroker broker) throws Exception {
		List<String> received = new CopyOnWriteArrayList<>();
		MqttClient subscriber = new MqttClient(broker.serverUri(), "sub-" + UUID.randomUUID(), new MemoryPersistence());
		MqttClient publisher = new MqttClient(broker.serverUri(), "pub-" + UUID.randomUUID(), new MemoryPersistence());
		try {
			subscriber.connect(new MqttConnectionOptions());
			IMqttToken subscription = subscriber.subscribe(
					new MqttSubscription[] { new MqttSubscription("vehicles/+/x", 1) },
					new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] { (topic, message) -> received
						.add(topic + "=" + new String(message.getPayload(), StandardCharsets.UTF_8)) });
			assertThat(subscription.getReasonCodes()).containsExactly(1);
			publisher.connect(new MqttConnectionOptions());
			MqttMessage message = new MqttMessage("ping".getBytes(StandardCharsets.UTF_8));
			message.setQos(1);
			publisher.publish("vehicles/WVWZZZ1JZXW000001/x", message);
			await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
			assertThat(received).containsExactly("vehicles/WVWZZZ1JZXW000001/x=ping");
		}
		finally {
			disconnect(subscriber);
			disconnect(publisher);
		}
	}

	@Test
	void postgresIsVersion17AndAcceptsSql(TestPostgres postgres) throws Exception {
		try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(),
				postgres.password())) {
			connection.createStatement().execute("create table if not exists probe (id int primary key)");
			connection.createStatement().execute("insert into probe values (1) on conflict do nothing");
			ResultSet result = connection.createStatement()
				.executeQuery("select current_setting('server_version_num')::int, (select count(*) from probe)");
			assertThat(result.next()).isTrue();
			assertThat(result.getInt(1)).isBetween(170000, 179999);
			assertThat(result.getInt(2)).isEqualTo(1);
		}
	}

	@Test
	void mongoStoresAndFindsDocuments(TestMongo mongo) {
		try (MongoClient client = MongoClients.create(mongo.connectionString())) {
			MongoCollection<Document> collection = client.getDatabase("car").getCollection("probe");
			collection.insertOne(new Document("_id", "WVWZZZ1JZXW000001:1").append("seq", 1));
			assertThat(collection.find(new Document("_id", "WVWZZZ1JZXW000001:1")).first()).containsEntry("seq", 1);
			// the handshake health checks use (Spring Boot's MongoHealthIndicator sends
			// hello)
			Document hello = client.getDatabase("car").runCommand(new Document("hello", 1));
			assertThat(hello).containsEntry("isWritablePrimary", true).containsKey("maxWireVersion");
		}
		assertThat(mongo.isRealMongoDb()).isEqualTo(RealServersRegistry.useContainers());
	}

	@Test
	void startsEachServerOncePerJvm(TestKafka kafka, TestPostgres postgres) {
		assertThat(RealServersRegistry.kafka()).isSameAs(kafka);
		assertThat(RealServersRegistry.postgres()).isSameAs(postgres);
	}

	private static void disconnect(MqttClient client) throws Exception {
		if (client.isConnected()) {
			client.disconnect();
		}
		client.close();
	}

}
