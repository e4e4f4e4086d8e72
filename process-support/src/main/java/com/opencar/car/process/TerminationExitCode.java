package com.opencar.car.process;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import org.springframework.boot.context.event.ApplicationStartingEvent;
import org.springframework.context.ApplicationListener;

/**
 * Makes SIGTERM end the process with exit status 0 once its shutdown hooks (Spring's
 * graceful shutdown among them) have run, instead of the JVM's 143.
 * <p>
 * SIGTERM is how Kubernetes, Docker and Compose ask a container to stop: a stop on
 * request that completes is a success, and orchestrators and restart policies read 143 as
 * a failure. The JVM's own handler exits with 128 + the signal's number after the hooks
 * and offers no way to change it, so this replaces the handler with one that calls
 * {@link System#exit(int) System.exit(0)}, which runs the same hooks. A stop that does
 * not finish in the grace period still ends by SIGKILL (137), and a failed start still
 * exits non-zero; a stop still running after 20 s logs where it is, every 10 s.
 * Registered for every Spring Boot application on the class path in
 * {@code META-INF/spring.factories}.
 */
public class TerminationExitCode implements ApplicationListener<ApplicationStartingEvent> {

	private static final Logger logger = LoggerFactory.getLogger(TerminationExitCode.class);

	private static final Signal TERM = new Signal("TERM");

	private static volatile boolean installed;

	/** The thread Spring Boot closes the context on. */
	private static final String SHUTDOWN_HOOK = "SpringApplicationShutdownHook";

	/** 20 s, unless the system property {@code car.stop.report-after} gives seconds. */
	private static final Duration REPORT_AFTER = Duration.ofSeconds(Long.getLong("car.stop.report-after", 20));

	private static final Duration REPORT_EVERY = Duration.ofSeconds(10);

	@Override
	public void onApplicationEvent(ApplicationStartingEvent event) {
		install();
	}

	/**
	 * From {@link #REPORT_AFTER} into a stop, and every {@link #REPORT_EVERY} after it,
	 * logs where Spring's shutdown hook is: a stop that overruns its grace period ends by
	 * SIGKILL, and without this its log only shows the last step that finished.
	 */
	private static void watchTheStop() {
		long started = System.nanoTime();
		ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "stop-watchdog");
			thread.setDaemon(true);
			return thread;
		});
		watchdog.scheduleAtFixedRate(() -> {
			long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
			Thread.getAllStackTraces().forEach((thread, stack) -> {
				if (thread.getName().equals(SHUTDOWN_HOOK)) {
					StillStopping where = new StillStopping(seconds);
					where.setStackTrace(stack);
					logger.atWarn().setMessage("Still stopping").addKeyValue("seconds", seconds).setCause(where).log();
				}
			});
		}, REPORT_AFTER.toMillis(), REPORT_EVERY.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Installs the handler once per JVM.
	 */
	static synchronized void install() {
		if (installed) {
			return;
		}
		Signal.handle(TERM, (signal) -> {
			logger.info("Stopping on SIGTERM");
			watchTheStop();
			System.exit(0);
		});
		installed = true;
	}

	/** Where the shutdown hook was, as a stack trace in the log. */
	private static final class StillStopping extends Exception {

		StillStopping(long seconds) {
			super("The shutdown hook " + seconds + " s into the stop", null, false, true);
		}

	}

}
