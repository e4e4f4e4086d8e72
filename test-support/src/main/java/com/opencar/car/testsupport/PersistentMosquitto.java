package com.opencar.car.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.springframework.util.FileSystemUtils;

/**
 * The machine's Mosquitto with persistence on, for tests that restart the broker: on a
 * graceful stop it writes its sessions, their subscriptions and the QoS 1 messages queued
 * or in flight for them to disk, and a {@link #restart()} on the same port brings them
 * back, as a broker upgrade or pod restart does in production.
 */
public final class PersistentMosquitto implements AutoCloseable {

	private static final String LOOPBACK = "127.0.0.1";

	private final Path directory;

	private final Path config;

	private final int port;

	private Process process;

	private PersistentMosquitto(Path directory, Path config, int port) {
		this.directory = directory;
		this.config = config;
		this.port = port;
	}

	/**
	 * @return a running broker on a free loopback port, anonymous clients allowed
	 */
	public static PersistentMosquitto start() {
		try {
			Path directory = Files.createTempDirectory("mosquitto-persistent-");
			// started as root, Mosquitto drops to the user 'mosquitto', which must be
			// able
			// to write its database here (else it saves nothing, and says so only in its
			// log)
			Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
			int port;
			try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
				port = socket.getLocalPort();
			}
			Path config = directory.resolve("mosquitto.conf");
			Files.writeString(config,
					String.join("\n", "listener " + port + " " + LOOPBACK, "allow_anonymous true", "persistence true",
							"persistence_location " + directory + "/",
							// written every second as well as on a graceful stop
							"autosave_interval 1", "persistent_client_expiration 1h", "max_queued_messages 1000000",
							"max_inflight_messages 0", "set_tcp_nodelay true", ""));
			PersistentMosquitto mosquitto = new PersistentMosquitto(directory, config, port);
			mosquitto.process = MosquittoProcess.launch(config, port);
			return mosquitto;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * @return {@code tcp://host:port}
	 */
	public String serverUri() {
		return "tcp://" + LOOPBACK + ":" + this.port;
	}

	/**
	 * @return where it listens, in the form every MQTT test helper takes
	 */
	public TestMqttBroker broker() {
		return new TestMqttBroker(LOOPBACK, this.port);
	}

	/**
	 * Stops the broker gracefully (SIGTERM, so it saves its state) and starts it again on
	 * the same port with that state; returns once it listens.
	 */
	public void restart() {
		MosquittoProcess.terminate(this.process);
		try {
			this.process = MosquittoProcess.launch(this.config, this.port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() throws IOException {
		MosquittoProcess.terminate(this.process);
		FileSystemUtils.deleteRecursively(this.directory);
	}

}
