package com.opencar.car.process;

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
 * exits non-zero. Registered for every Spring Boot application on the class path in
 * {@code META-INF/spring.factories}.
 */
public class TerminationExitCode implements ApplicationListener<ApplicationStartingEvent> {

	private static final Logger logger = LoggerFactory.getLogger(TerminationExitCode.class);

	private static final Signal TERM = new Signal("TERM");

	private static volatile boolean installed;

	@Override
	public void onApplicationEvent(ApplicationStartingEvent event) {
		install();
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
			System.exit(0);
		});
		installed = true;
	}

}
