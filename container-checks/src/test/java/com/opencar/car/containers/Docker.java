package com.opencar.car.containers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.opencar.car.testsupport.Commands;
import com.opencar.car.testsupport.Commands.Result;

/**
 * The Docker engine, driven through the {@code docker} command as an operator drives it.
 * Every call fails loudly: a check whose engine is missing fails, it never passes without
 * having run.
 */
final class Docker {

	private Docker() {
	}

	/**
	 * Fails unless a Docker engine answers, naming what to do.
	 */
	static void requireEngine() {
		Result info = run(Duration.ofSeconds(30), "docker", "info", "--format", "{{.ServerVersion}}");
		if (info.exitCode() != 0) {
			throw new AssertionError("The container checks need a running Docker engine (.ci/run installs docker.io "
					+ "and starts dockerd): " + info.all());
		}
	}

	/**
	 * Fails unless the image is in the local engine, naming the script that builds it.
	 * @param image the image
	 */
	static void requireImage(String image) {
		if (run(Duration.ofSeconds(30), "docker", "image", "inspect", image).exitCode() != 0) {
			throw new AssertionError("Image " + image + " is not in the local Docker engine: run docker/build-images "
					+ "--local first");
		}
	}

	/**
	 * {@code docker ARGS}, which must succeed.
	 * @param args the arguments after {@code docker}
	 * @return its standard output, trimmed
	 */
	static String docker(String... args) {
		List<String> command = new ArrayList<>();
		command.add("docker");
		command.addAll(List.of(args));
		Result result = run(Duration.ofMinutes(5), command.toArray(String[]::new));
		if (result.exitCode() != 0) {
			throw new IllegalStateException(
					String.join(" ", command) + " failed (" + result.exitCode() + "): " + result.errors());
		}
		return result.output().trim();
	}

	/**
	 * Runs a command to its end.
	 * @param timeout at most this long
	 * @param command the command
	 * @return its exit code and output
	 */
	static Result run(Duration timeout, String... command) {
		return Commands.run(timeout, List.of(command));
	}

}
