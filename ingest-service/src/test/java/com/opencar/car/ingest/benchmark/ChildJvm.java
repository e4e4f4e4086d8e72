package com.opencar.car.ingest.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.opencar.car.ingest.support.IngestInstance;

import static org.awaitility.Awaitility.await;

/**
 * A Spring Boot application of this module's test class path run as a process of its own,
 * so that the CPU it uses is its alone (the benchmark's broker, Kafka and load generator
 * run elsewhere) and a flight recording of it holds nothing else.
 */
final class ChildJvm implements AutoCloseable {

	private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

	private static final Path JCMD = Path.of(System.getProperty("java.home"), "bin", "jcmd");

	private final Process process;

	private final String name;

	private ChildJvm(Process process, String name) {
		this.process = process;
		this.name = name;
	}

	/**
	 * Starts a service with the properties as command-line arguments and waits until its
	 * readiness probe answers 200.
	 * @param name how it is named in errors
	 * @param mainClass a Spring Boot application on the test class path
	 * @param heap the maximum heap, as {@code -Xmx} takes it
	 * @param properties Spring properties, outranking its {@code application.yml}
	 * @return the running process
	 */
	static ChildJvm startService(String name, Class<?> mainClass, String heap, Map<String, Object> properties) {
		int port = IngestInstance.unusedPort();
		List<String> arguments = new ArrayList<>();
		arguments.add("--server.port=" + port);
		arguments.add("--logging.structured.format.console=");
		properties.forEach((key, value) -> arguments.add("--" + key + "=" + value));
		ChildJvm child = start(name, mainClass, heap, arguments);
		HttpClient http = HttpClient.newHttpClient();
		HttpRequest readiness = HttpRequest
			.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))
			.build();
		await(name + " ready").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).until(() -> {
			if (!child.process.isAlive()) {
				throw new IllegalStateException(name + " exited with " + child.process.exitValue());
			}
			try {
				return http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
			}
			catch (IOException ex) {
				return false;
			}
		});
		return child;
	}

	/**
	 * Starts {@code mainClass} with the arguments, without waiting for anything.
	 * @param name how it is named in errors
	 * @param mainClass a class with a main method on the test class path
	 * @param heap the maximum heap, as {@code -Xmx} takes it
	 * @param arguments its arguments
	 * @return the running process
	 */
	static ChildJvm start(String name, Class<?> mainClass, String heap, List<String> arguments) {
		List<String> command = new ArrayList<>(List.of(JAVA.toString(), "-Xmx" + heap, "-XX:+UseG1GC", "-cp",
				System.getProperty("java.class.path"), mainClass.getName()));
		command.addAll(arguments);
		try {
			// to a file: output written straight to the forked test JVM's stdout corrupts
			// Surefire's channel
			return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(Path.of("target", name + ".log").toFile())
				.start(), name);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start " + name, ex);
		}
	}

	/**
	 * @return CPU time the process has used so far, user and system
	 */
	Duration cpu() {
		return this.process.info()
			.totalCpuDuration()
			.orElseThrow(() -> new IllegalStateException("The CPU time of " + this.name + " is not readable"));
	}

	/** Starts a flight recording (the JDK's {@code profile} settings). */
	void startRecording() {
		jcmd("JFR.start", "name=bench", "settings=profile");
	}

	/** Stops the flight recording into {@code file}. */
	void stopRecording(Path file) {
		jcmd("JFR.stop", "name=bench", "filename=" + file.toAbsolutePath());
	}

	private void jcmd(String... arguments) {
		List<String> command = new ArrayList<>(List.of(JCMD.toString(), String.valueOf(this.process.pid())));
		command.addAll(List.of(arguments));
		try {
			Process jcmd = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("target", this.name + ".log").toFile()))
				.start();
			if (!jcmd.waitFor(1, TimeUnit.MINUTES) || jcmd.exitValue() != 0) {
				throw new IllegalStateException("jcmd " + String.join(" ", arguments) + " failed for " + this.name);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot run jcmd", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Stops it as a pod is stopped: SIGTERM, then the grace period. */
	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(1, TimeUnit.MINUTES)) {
			this.process.destroyForcibly().waitFor();
		}
	}

}
