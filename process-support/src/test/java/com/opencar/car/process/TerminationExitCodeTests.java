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
		Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), Stoppable.class.getName())
			.redirectErrorStream(true)
			.start();
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
		assertThat(lines).contains("context closed");
	}

	/** The application the test stops. */
	static final class Stoppable {

		public static void main(String[] args) throws InterruptedException {
			new SpringApplicationBuilder(Beans.class).web(WebApplicationType.NONE).run(args);
			System.out.println("started");
			System.out.flush();
			// a server's main thread lives until the process is stopped
			Thread.currentThread().join();
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
