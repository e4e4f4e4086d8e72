package com.opencar.car.testsupport.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import org.springframework.util.FileSystemUtils;

/**
 * A Kafka KRaft broker that clients reach only through a {@link FaultProxy}: the broker
 * advertises the proxy's address, so after the bootstrap every connection a client opens
 * (metadata, produce, fetch, group coordination) runs through the proxy, and a fault on
 * the proxy is a fault on Kafka as the clients see it. The broker's own controller
 * traffic bypasses the proxy, so the broker stays healthy while its clients are cut off.
 */
public final class ProxiedKafka implements AutoCloseable {

	private static final String LOOPBACK = "127.0.0.1";

	private final KafkaClusterTestKit kafka;

	private final FaultProxy proxy;

	private final Path directory;

	private ProxiedKafka(KafkaClusterTestKit kafka, FaultProxy proxy, Path directory) {
		this.kafka = kafka;
		this.proxy = proxy;
		this.directory = directory;
	}

	/**
	 * Starts a single combined broker and controller with the given partitions per topic.
	 * @param partitions the default number of partitions of new topics
	 * @return the running broker behind its proxy
	 */
	public static ProxiedKafka start(int partitions) {
		Path directory = null;
		try {
			directory = Files.createTempDirectory("proxied-kafka-");
			int proxyPort = freePort();
			TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true)
				.setNumBrokerNodes(1)
				.setNumControllerNodes(1)
				.setBaseDirectory(directory)
				.build();
			KafkaClusterTestKit kafka = new KafkaClusterTestKit.Builder(nodes)
				.setConfigProp("advertised.listeners",
						nodes.brokerListenerName().value() + "://" + LOOPBACK + ":" + proxyPort)
				.setConfigProp("num.partitions", String.valueOf(partitions))
				.setConfigProp("offsets.topic.replication.factor", "1")
				.setConfigProp("transaction.state.log.replication.factor", "1")
				.setConfigProp("transaction.state.log.min.isr", "1")
				// Kafka Streams' exactly-once needs the transaction log, 50 partitions by
				// default: a few are made at once
				.setConfigProp("transaction.state.log.num.partitions", "4")
				.setConfigProp("group.initial.rebalance.delay.ms", "0")
				.build();
			kafka.format();
			kafka.startup();
			// the broker's own port is known once it runs; the proxy forwards to it
			String broker = kafka.bootstrapServers();
			int brokerPort = Integer.parseInt(broker.substring(broker.lastIndexOf(':') + 1));
			FaultProxy proxy = FaultProxy.on(proxyPort, LOOPBACK, brokerPort);
			kafka.waitForReadyBrokers();
			return new ProxiedKafka(kafka, proxy, directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			throw new IllegalStateException("Could not start Kafka behind a fault proxy in " + directory, ex);
		}
	}

	/**
	 * @return {@code host:port} of the proxy, which is all clients should be given
	 */
	public String bootstrapServers() {
		return LOOPBACK + ":" + this.proxy.port();
	}

	/**
	 * @return the proxy between the clients and the broker
	 */
	public FaultProxy proxy() {
		return this.proxy;
	}

	@Override
	public void close() throws Exception {
		this.proxy.close();
		this.kafka.close();
		FileSystemUtils.deleteRecursively(this.directory);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
