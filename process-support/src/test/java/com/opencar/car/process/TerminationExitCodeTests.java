package com.opencar.car.process;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring Boot application in a JVM of its own, stopped with SIGTERM as an orchestrator
 * stops it.
 */
class TerminationExitCodeTests {

	@Test
	void sigtermEndsTheProcessWithStatusZeroAfterTheContextClosed() throws Exception {
		List<String> lines = stopped(Beans.class);
		assertThat(lines).contains("context closed").noneMatch((line) -> line.contains("Still stopping"));
	}

	/**
	 * A stop that overruns its grace period ends by SIGKILL; before that its log says
	 * where it is.
	 */
	@Test
	void aSlowStopLogsWhereTheShutdownHookIs() throws Exception {
		List<String> lines = stopped(SlowBeans.class, "-Dcar.stop.report-after=1");
		assertThat(lines).anyMatch((line) -> line.contains("Still stopping"))
			.anyMatch((line) -> line.contains(SlowBeans.class.getName() + ".lambda$slowlyClosing"))
			.contains("context closed");
	}

	/**
	 * Starts an application of the given beans in a JVM of its own, stops it with
	 * SIGTERM, expects 0.
	 */
	private static List<String> stopped(Class<?> beans, String... options) throws Exception {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
						System.getProperty("java.class.path")));
		command.addAll(List.of(options));
		command.add(Stoppable.class.getName());
		command.add(beans.getName());
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		List<String> lines = new ArrayList<>();
		try (BufferedReader output = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = output.readLine()) != null && !line.equals("started")) {
				lines.add(line);
			}
			assertThat(line).as("%s", lines).isEqualTo("started");
			// SIGTERM on Linux; Process.destroy would also close the output being read
			assertThat(process.toHandle().destroy()).isTrue();
			while ((line = output.readLine()) != null) {
				lines.add(line);
			}
		}
		finally {
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}
		assertThat(process.exitValue()).as("%s", lines).isZero();
		return lines;
	}

	/** The application the test stops. */
	static final class Stoppable {

		/**
		 * @param args the configuration class whose beans it runs
		 */
		public static void main(String[] args) throws Exception {
			new SpringApplicationBuilder(Class.forName(args[0])).web(WebApplicationType.NONE).run();
			System.out.println("started");
			System.out.flush();
			// a server's main thread lives until the process is stopped
			Thread.currentThread().join();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SlowBeans {

		@Bean
		DisposableBean slowlyClosing() {
			return () -> {
				// a step of the stop that takes its time, as a drain under load does
				Thread.sleep(3000);
				System.out.println("context closed");
				System.out.flush();
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Beans {

		@Bean
		DisposableBean closing() {
			return () -> {
				System.out.println("context closed");
				System.out.flush();
			};
		}

	}

}
