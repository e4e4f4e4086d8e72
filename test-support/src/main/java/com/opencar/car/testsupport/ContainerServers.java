package com.opencar.car.testsupport;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.hivemq.HiveMQContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The production images as Testcontainers, chosen with {@code -Dinfra=containers}. Needs
 * a Docker engine: on machines without one these cannot start.
 */
final class ContainerServers {

	static final String KAFKA_IMAGE = "apache/kafka:4.1.2";

	static final String HIVEMQ_IMAGE = "hivemq/hivemq-ce:2025.5";

	static final String POSTGRES_IMAGE = "postgres:17";

	static final String MONGO_IMAGE = "mongo:8";

	static final String MOSQUITTO_IMAGE = "eclipse-mosquitto:2.0";

	private ContainerServers() {
	}

	static Started<TestKafka> kafka() {
		KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE));
		kafka.start();
		String bootstrapServers = kafka.getBootstrapServers();
		Outage outage = paused(kafka);
		return new Started<>(new TestKafka(bootstrapServers, outage), kafka::stop);
	}

	static Started<TestMqttBroker> mqtt() {
		HiveMQContainer hivemq = new HiveMQContainer(DockerImageName.parse(HIVEMQ_IMAGE));
		hivemq.start();
		TestMqttBroker broker = new TestMqttBroker(hivemq.getHost(), hivemq.getMqttPort());
		return new Started<>(broker, hivemq::stop);
	}

	static Started<TestPostgres> postgres() {
		PostgreSQLContainer postgres = new PostgreSQLContainer(DockerImageName.parse(POSTGRES_IMAGE));
		postgres.start();
		Outage outage = paused(postgres);
		TestPostgres server = new TestPostgres(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword(),
				outage);
		return new Started<>(server, postgres::stop);
	}

	static Started<TestMongo> mongo() {
		MongoDBContainer mongo = new MongoDBContainer(DockerImageName.parse(MONGO_IMAGE));
		mongo.start();
		Outage outage = paused(mongo);
		TestMongo server = new TestMongo(mongo.getReplicaSetUrl("car"), true, outage);
		return new Started<>(server, mongo::stop);
	}

	static Started<TestMosquitto> mosquitto() {
		GenericContainer<?> mosquitto = new GenericContainer<>(DockerImageName.parse(MOSQUITTO_IMAGE))
			.withExposedPorts(1883)
			.withCopyToContainer(Transferable.of("listener 1883\nallow_anonymous true\nmax_queued_messages 1000000\n"),
					"/mosquitto/config/mosquitto.conf");
		mosquitto.start();
		TestMqttBroker broker = new TestMqttBroker(mosquitto.getHost(), mosquitto.getMappedPort(1883));
		return new Started<>(new TestMosquitto(broker), mosquitto::stop);
	}

	/**
	 * Pausing freezes a container: clients see its server stop answering, as in a network
	 * partition.
	 */
	private static Outage paused(GenericContainer<?> container) {
		return new Outage() {

			@Override
			public void begin() {
				container.getDockerClient().pauseContainerCmd(container.getContainerId()).exec();
			}

			@Override
			public void end() {
				container.getDockerClient().unpauseContainerCmd(container.getContainerId()).exec();
			}

		};
	}

}
