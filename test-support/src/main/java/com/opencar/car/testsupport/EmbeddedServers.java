package com.opencar.car.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.hivemq.embedded.EmbeddedHiveMQ;
import de.bwaldvogel.mongo.MongoServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import kafka.server.BrokerServer;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.util.FileSystemUtils;

/**
 * The in-JVM servers: real brokers and a real PostgreSQL, no Docker needed.
 */
final class EmbeddedServers {

	private static final String LOOPBACK = "127.0.0.1";

	/**
	 * Default partition count of auto-created topics: more than one, so ordering per key
	 * is tested.
	 */
	private static final int PARTITIONS = 4;

	private EmbeddedServers() {
	}

	static Started<TestKafka> kafka() {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
		// one broker: transactions (Kafka Streams' exactly-once) need their log on one
		// replica, made of a few partitions
		broker
			.brokerProperties(Map.of("auto.create.topics.enable", "true", "num.partitions", String.valueOf(PARTITIONS),
					"group.initial.rebalance.delay.ms", "0", "transaction.state.log.replication.factor", "1",
					"transaction.state.log.min.isr", "1", "transaction.state.log.num.partitions", "4"));
		broker.afterPropertiesSet();
		String bootstrapServers = broker.getBrokersAsString();
		BrokerServer server = broker.getCluster().brokers().values().iterator().next();
		Outage outage = new Outage() {

			@Override
			public void begin() {
				server.shutdown();
				server.awaitShutdown();
			}

			@Override
			public void end() {
				// the KRaft controller keeps running; the broker rejoins on its old port
				// with its logs
				server.startup();
			}

		};
		return new Started<>(new TestKafka(bootstrapServers, outage), broker::destroy);
	}

	static Started<TestMqttBroker> mqtt() {
		try {
			Path home = Files.createTempDirectory("hivemq-");
			Path conf = Files.createDirectories(home.resolve("conf"));
			Path data = Files.createDirectories(home.resolve("data"));
			Path extensions = Files.createDirectories(home.resolve("extensions"));
			int port = freePort();
			// file (HiveMQ's default) or in-memory, with -Dhivemq.persistence
			Files.writeString(conf.resolve("config.xml"),
					HiveMqConfiguration.xml(port, LOOPBACK, System.getProperty("hivemq.persistence", "file")));
			EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
				.withConfigurationFolder(conf)
				.withDataFolder(data)
				.withExtensionsFolder(extensions)
				.withoutLoggingBootstrap()
				.build();
			hivemq.start().join();
			TestMqttBroker broker = new TestMqttBroker(LOOPBACK, port);
			// Stopping HiveMQ takes seconds and the JVM is exiting anyway: leave it to
			// exit, but not its files
			return new Started<>(broker, () -> {
				try {
					FileSystemUtils.deleteRecursively(home);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not prepare the HiveMQ folders", ex);
		}
	}

	static Started<TestPostgres> postgres() {
		try {
			Path data = Files.createTempDirectory("postgres-");
			int port = freePort();
			AtomicReference<EmbeddedPostgres> running = new AtomicReference<>(startPostgres(data, port));
			String jdbcUrl = running.get().getJdbcUrl("postgres", "postgres");
			// a real stop and start, on the same port and data directory, as a database
			// restart or failover looks to clients
			Outage outage = new Outage() {

				@Override
				public void begin() {
					closePostgres(running.getAndSet(null));
				}

				@Override
				public void end() {
					running.set(startPostgres(data, port));
				}

			};
			TestPostgres server = new TestPostgres(jdbcUrl, "postgres", "postgres", outage);
			return new Started<>(server, () -> {
				closePostgres(running.getAndSet(null));
				try {
					FileSystemUtils.deleteRecursively(data);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start embedded PostgreSQL", ex);
		}
	}

	private static EmbeddedPostgres startPostgres(Path data, int port) {
		try {
			return EmbeddedPostgres.builder()
				.setDataDirectory(data)
				.setCleanDataDirectory(false)
				.setPort(port)
				// Tests need no durability; these make PostgreSQL several times faster
				.setServerConfig("fsync", "off")
				.setServerConfig("synchronous_commit", "off")
				.setServerConfig("full_page_writes", "off")
				.setServerConfig("max_connections", "200")
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start embedded PostgreSQL", ex);
		}
	}

	private static void closePostgres(EmbeddedPostgres postgres) {
		if (postgres != null) {
			try {
				postgres.close();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	static Started<TestMongo> mongo() {
		HelloAwareMemoryBackend backend = new HelloAwareMemoryBackend();
		AtomicReference<MongoServer> running = new AtomicReference<>(new MongoServer(backend));
		InetSocketAddress address = running.get().bind();
		String connectionString = "mongodb://" + address.getHostString() + ":" + address.getPort() + "/car";
		// the server goes (its connections are closed, the port refuses) and a new one
		// comes back on the same port with the same in-memory data
		Outage outage = new Outage() {

			@Override
			public void begin() {
				backend.keepDataOnClose(true);
				running.getAndSet(null).shutdownNow();
			}

			@Override
			public void end() {
				MongoServer server = new MongoServer(backend);
				server.bind(address);
				running.set(server);
				backend.keepDataOnClose(false);
			}

		};
		TestMongo mongo = new TestMongo(connectionString, false, outage);
		return new Started<>(mongo, () -> {
			MongoServer server = running.getAndSet(null);
			if (server != null) {
				server.shutdownNow();
			}
		});
	}

	/**
	 * Mosquitto has no JVM build, so "embedded" here means a child process of the test
	 * JVM.
	 */
	static Started<TestMosquitto> mosquitto() {
		return MosquittoProcess.start(freePort());
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free port", ex);
		}
	}

}
