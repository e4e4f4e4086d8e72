package com.opencar.car.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import com.hivemq.embedded.EmbeddedHiveMQ;
import de.bwaldvogel.mongo.MongoServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.opencar.car.testsupport.HelloAwareH2Backend;
import com.opencar.car.testsupport.HiveMqConfiguration;

/**
 * The servers the platform needs, started in this JVM unless an external one is given: a
 * Kafka KRaft broker, HiveMQ CE, PostgreSQL 17 and the MongoDB-compatible server. All of
 * them keep their data in the data directory: PostgreSQL, HiveMQ (sessions, retained
 * messages), the MongoDB emulator (an H2 file) and Kafka (its logs and the cluster id it
 * was formatted with).
 */
final class LocalInfrastructure implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(LocalInfrastructure.class);

	private static final String LOOPBACK = "127.0.0.1";

	private final List<AutoCloseable> started = new ArrayList<>();

	private String kafkaBootstrapServers;

	private String mqttUrl;

	private String postgresUrl;

	private String mongodbUri;

	private final Options options;

	LocalInfrastructure(Options options) {
		this.options = options;
	}

	void start() throws Exception {
		Path data = Files.createDirectories(this.options.dataDirectory());
		this.postgresUrl = (this.options.postgresUrl() != null) ? this.options.postgresUrl()
				: startPostgres(data.resolve("postgres"));
		this.mongodbUri = (this.options.mongodbUri() != null) ? this.options.mongodbUri()
				: startMongo(data.resolve("mongo.h2"));
		this.mqttUrl = (this.options.mqttUrl() != null) ? this.options.mqttUrl() : startHiveMq(data.resolve("hivemq"));
		this.kafkaBootstrapServers = (this.options.kafkaBootstrapServers() != null)
				? this.options.kafkaBootstrapServers() : startKafka(data.resolve("kafka"));
	}

	private String startPostgres(Path directory) throws IOException, SQLException {
		boolean existing = Files.exists(directory.resolve("PG_VERSION"));
		Files.createDirectories(directory);
		EmbeddedPostgres postgres = EmbeddedPostgres.builder()
			.setDataDirectory(directory)
			.setCleanDataDirectory(false)
			.setPort(freePort(5432))
			.setServerConfig("max_connections", "200")
			.start();
		this.started.add(postgres);
		try (Connection connection = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"));
				Statement statement = connection.createStatement()) {
			// one database per owning service: the command service's, and the store's
			// (which
			// analytics reads)
			for (String name : new String[] { "car", "car_commands" }) {
				if (!statement.executeQuery("select 1 from pg_database where datname = '" + name + "'").next()) {
					statement.execute("create database " + name);
				}
			}
		}
		log.info("PostgreSQL 17 on port {} ({} data in {})", postgres.getPort(), existing ? "existing" : "new",
				directory);
		return "jdbc:postgresql://" + LOOPBACK + ":" + postgres.getPort() + "/";
	}

	private String startMongo(Path file) {
		MongoServer server = new MongoServer(new HelloAwareH2Backend(file.toString()));
		int port = freePort(27017);
		server.bind(LOOPBACK, port);
		this.started.add(server::shutdownNow);
		log.info("MongoDB-compatible server (mongo-java-server, H2 file {}) on port {}", file, port);
		return "mongodb://" + LOOPBACK + ":" + port + "/car";
	}

	private String startHiveMq(Path home) throws IOException {
		Path conf = Files.createDirectories(home.resolve("conf"));
		Path hivemqData = Files.createDirectories(home.resolve("data"));
		Path extensions = Files.createDirectories(home.resolve("extensions"));
		int port = freePort(1883);
		Files.writeString(conf.resolve("config.xml"), HiveMqConfiguration.xml(port, LOOPBACK, "file"));
		EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
			.withConfigurationFolder(conf)
			.withDataFolder(hivemqData)
			.withExtensionsFolder(extensions)
			.withoutLoggingBootstrap()
			.build();
		hivemq.start().join();
		this.started.add(() -> hivemq.stop().join());
		log.info("HiveMQ CE (MQTT 5) on port {}, anonymous, data in {}", port, hivemqData);
		return "tcp://" + LOOPBACK + ":" + port;
	}

	/**
	 * A combined KRaft broker and controller whose logs live in the data directory, with
	 * the cluster id it was formatted with the first time.
	 */
	private String startKafka(Path directory) throws Exception {
		Files.createDirectories(directory);
		Path idFile = directory.resolve("cluster.id");
		boolean existing = Files.exists(idFile);
		if (!existing) {
			Files.writeString(idFile, Uuid.randomUuid().toString());
		}
		TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true)
			.setNumBrokerNodes(1)
			.setNumControllerNodes(1)
			.setBaseDirectory(directory.resolve("logs"))
			.setClusterId(Files.readString(idFile).trim())
			.build();
		KafkaClusterTestKit kafka = new KafkaClusterTestKit.Builder(nodes).setDeleteOnClose(false)
			.setConfigProp("num.partitions", "4")
			.setConfigProp("offsets.topic.replication.factor", "1")
			// the analytics' Kafka Streams run exactly once: transactions on one broker
			.setConfigProp("transaction.state.log.replication.factor", "1")
			.setConfigProp("transaction.state.log.min.isr", "1")
			.setConfigProp("transaction.state.log.num.partitions", "4")
			.setConfigProp("group.initial.rebalance.delay.ms", "0")
			.build();
		if (!existing) {
			kafka.format();
		}
		kafka.startup();
		kafka.waitForReadyBrokers();
		this.started.add(kafka);
		log.info("Kafka (KRaft) at {} ({} data in {})", kafka.bootstrapServers(), existing ? "existing" : "new",
				directory);
		return kafka.bootstrapServers();
	}

	String kafkaBootstrapServers() {
		return this.kafkaBootstrapServers;
	}

	String mqttUrl() {
		return this.mqttUrl;
	}

	/**
	 * @param database a database name
	 * @return its JDBC URL
	 */
	String postgresUrl(String database) {
		return this.postgresUrl.endsWith("/") ? this.postgresUrl + database : this.postgresUrl;
	}

	String mongodbUri() {
		return this.mongodbUri;
	}

	/** Stops what was started, newest first. */
	@Override
	public void close() {
		for (int index = this.started.size() - 1; index >= 0; index--) {
			try {
				this.started.get(index).close();
			}
			catch (Exception ex) {
				log.warn("Could not stop a server cleanly: {}", ex.toString());
			}
		}
		this.started.clear();
	}

	/** The usual port when it is free, otherwise any free one. */
	static int freePort(int preferred) {
		for (int port : new int[] { preferred, 0 }) {
			try (ServerSocket socket = new ServerSocket()) {
				socket.setReuseAddress(true);
				socket.bind(new InetSocketAddress(LOOPBACK, port));
				return socket.getLocalPort();
			}
			catch (IOException ex) {
				// taken: try the next
			}
		}
		throw new UncheckedIOException(new IOException("No free port"));
	}

}
