package com.opencar.car.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.opentest4j.TestAbortedException;

import org.springframework.util.FileSystemUtils;

import static org.awaitility.Awaitility.await;

/**
 * Runs the {@code mosquitto} binary of the machine (Debian package {@code mosquitto},
 * which {@code .ci/run} installs) as a child process on a free loopback port.
 * <p>
 * There is no Mosquitto on Maven Central, so a developer machine without the package
 * reports the tests that need it as aborted, naming the package; under {@code CI=true} a
 * missing binary fails instead, so CI can never pass by skipping them.
 */
final class MosquittoProcess {

	/** System property naming the binary, when it is not in a usual place. */
	static final String BINARY_PROPERTY = "mosquitto.binary";

	private static final List<String> SEARCHED = List.of("/usr/sbin", "/usr/local/sbin", "/opt/homebrew/sbin",
			"/usr/bin", "/usr/local/bin");

	private static final String LOOPBACK = "127.0.0.1";

	private MosquittoProcess() {
	}

	static Started<TestMosquitto> start(int port) {
		try {
			Path directory = Files.createTempDirectory("mosquitto-");
			Path config = directory.resolve("mosquitto.conf");
			Files.writeString(config,
					String.join("\n", "listener " + port + " " + LOOPBACK, "allow_anonymous true", "persistence false",
							// keep everything queued for a slow subscriber (0: no limit);
							// the scale run queues millions while the bridge catches up,
							// and a limit would drop acknowledged messages
							"max_queued_messages 0",
							// no Receive Maximum: Paho 1.2.5 cars failed against the
							// default of 20
							// with "Too many publishes in progress"
							"max_inflight_messages 0", "set_tcp_nodelay true", ""));
			Process process = launch(config, port);
			TestMosquitto server = new TestMosquitto(new TestMqttBroker(LOOPBACK, port));
			return new Started<>(server, () -> stop(process, directory));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Starts the machine's Mosquitto on a configuration file, logging next to it, and
	 * waits until it listens on every given loopback port.
	 * @param config the configuration file
	 * @param ports the ports its listeners use
	 * @return the running process
	 */
	static Process launch(Path config, int... ports) throws IOException {
		Path binary = binary().orElseThrow(MosquittoProcess::missing);
		Path log = config.resolveSibling("mosquitto.log");
		Process process = new ProcessBuilder(binary.toString(), "-c", config.toString()).redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		await("Mosquitto listening on " + Arrays.toString(ports)).atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> {
				if (!process.isAlive()) {
					throw new IllegalStateException(
							"Mosquitto exited with " + process.exitValue() + ": " + Files.readString(log));
				}
				return Arrays.stream(ports).allMatch(MosquittoProcess::accepts);
			});
		return process;
	}

	static void stop(Process process, Path directory) {
		terminate(process);
		try {
			FileSystemUtils.deleteRecursively(directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Stops the broker gracefully (SIGTERM, so a persistent one saves its state),
	 * insisting after 10 s.
	 * @param process the running broker
	 */
	static void terminate(Process process) {
		process.destroy();
		try {
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
		}
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(LOOPBACK, port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	static Optional<Path> binary() {
		String configured = System.getProperty(BINARY_PROPERTY);
		if (configured != null && !configured.isBlank()) {
			return Optional.of(Path.of(configured));
		}
		Stream<String> path = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator));
		return Stream.concat(path, SEARCHED.stream())
			.filter((directory) -> !directory.isBlank())
			.map((directory) -> Path.of(directory, "mosquitto"))
			.filter(Files::isExecutable)
			.findFirst();
	}

	private static RuntimeException missing() {
		String message = "No mosquitto binary found (install the 'mosquitto' package, or set -D" + BINARY_PROPERTY
				+ "=/path/to/mosquitto)";
		if (Boolean.parseBoolean(System.getenv("CI")) || Boolean.getBoolean("car.tools.required")) {
			// in CI and in a benchmark (-Pbenchmark) a missing broker is a failure, never
			// a
			// run of nothing
			return new IllegalStateException(message + "; .ci/run installs it");
		}
		return new TestAbortedException(message);
	}

}
