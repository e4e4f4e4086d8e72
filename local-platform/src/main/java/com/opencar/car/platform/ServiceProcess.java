package com.opencar.car.platform;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One of the platform's services as a child process running its executable jar, its
 * output in {@code <data-dir>/logs/<name>.log}.
 */
final class ServiceProcess {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final String name;

	private final Path jar;

	private final int port;

	private final String heap;

	private final Map<String, String> environment;

	private Process process;

	ServiceProcess(String name, Path jar, int port, String heap, Map<String, String> environment) {
		this.name = name;
		this.jar = jar;
		this.port = port;
		this.heap = heap;
		this.environment = environment;
	}

	void start(Path logs) throws IOException {
		if (!Files.isRegularFile(this.jar)) {
			throw new IllegalStateException(this.jar + " is missing: build the platform first (./mvnw -B package "
					+ "-DskipTests, which ./run-local does for you)");
		}
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new ArrayList<>(List.of(java, "-Xmx" + this.heap, "-XX:+UseSerialGC",
				"-XX:TieredStopAtLevel=1", "-jar", this.jar.toString()));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			// appended: a restarted service continues its log
			.redirectOutput(ProcessBuilder.Redirect
				.appendTo(Files.createDirectories(logs).resolve(this.name + ".log").toFile()));
		builder.environment().putAll(this.environment);
		builder.environment().put("SERVER_PORT", String.valueOf(this.port));
		// plain text in the log files, for reading by eye
		builder.environment().put("LOGGING_STRUCTURED_FORMAT_CONSOLE", "");
		this.process = builder.start();
	}

	/**
	 * @return whether it answers its readiness probe with 200
	 * @throws IllegalStateException if the process ended
	 */
	boolean ready() {
		return probe("/actuator/health/readiness");
	}

	/**
	 * @return whether it answers its liveness probe with 200
	 * @throws IllegalStateException if the process ended
	 */
	boolean live() {
		return probe("/actuator/health/liveness");
	}

	private boolean probe(String path) {
		if (!this.process.isAlive()) {
			throw new IllegalStateException(this.name + " exited with " + this.process.exitValue()
					+ "; see its log in the data directory's logs folder");
		}
		try {
			HttpResponse<Void> response = HTTP.send(
					HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(2)).build(),
					HttpResponse.BodyHandlers.discarding());
			return response.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** Asks it to stop: SIGTERM, Spring's graceful shutdown. */
	void requestStop() {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroy();
		}
	}

	/** Waits for it to have stopped, insisting after 30 s. */
	void awaitStop() {
		if (this.process == null || !this.process.isAlive()) {
			return;
		}
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

	/**
	 * Kills it with SIGKILL: no shutdown hooks, no graceful stop, as a crash or an OOM
	 * kill looks; returns once it is gone.
	 */
	void kill() throws InterruptedException {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroyForcibly().waitFor();
		}
	}

	/**
	 * @return the running process, if started
	 */
	Optional<ProcessHandle> handle() {
		return Optional.ofNullable(this.process).map(Process::toHandle);
	}

	boolean alive() {
		return this.process != null && this.process.isAlive();
	}

	URI url(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	String name() {
		return this.name;
	}

	int port() {
		return this.port;
	}

}
