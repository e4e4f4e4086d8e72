package com.opencar.car.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command line tool (helm, docker, docker-compose) to its end and keeps what it
 * printed.
 */
public final class Commands {

	private Commands() {
	}

	/**
	 * @param timeout at most this long; longer fails
	 * @param command the command and its arguments
	 * @return its exit code and output
	 */
	public static Result run(Duration timeout, List<String> command) {
		try {
			Path output = Files.createTempFile("command", ".out");
			Path errors = Files.createTempFile("command", ".err");
			try {
				Process process = new ProcessBuilder(command).redirectOutput(output.toFile())
					.redirectError(errors.toFile())
					.start();
				if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
					process.destroyForcibly();
					throw new IllegalStateException("No answer within " + timeout + ": " + String.join(" ", command));
				}
				return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8),
						Files.readString(errors, StandardCharsets.UTF_8));
			}
			finally {
				Files.deleteIfExists(output);
				Files.deleteIfExists(errors);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not run " + String.join(" ", command), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * @param exitCode the command's exit code
	 * @param output its standard output
	 * @param errors its standard error
	 */
	public record Result(int exitCode, String output, String errors) {

		public Result {
			Objects.requireNonNull(output);
			Objects.requireNonNull(errors);
		}

		/**
		 * @return everything it printed
		 */
		public String all() {
			return this.output + this.errors;
		}

	}

}
