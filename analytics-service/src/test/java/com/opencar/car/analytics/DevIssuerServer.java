package com.opencar.car.analytics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

import com.opencar.car.devissuer.DevIssuerApplication;

/**
 * The development issuer on a free port, started once per JVM, for the dashboard's
 * sign-in in a real browser.
 */
public final class DevIssuerServer {

	private static final int PORT = unusedPort();

	private static ConfigurableApplicationContext issuer;

	private DevIssuerServer() {
	}

	public static synchronized void start() {
		if (issuer == null) {
			issuer = DevIssuerApplication.application()
				.run("--server.port=" + PORT, "--car.dev-issuer.issuer=" + url(), "--spring.main.banner-mode=off",
						// the service's class path: its database needs settings the
						// issuer
						// has not
						"--spring.autoconfigure.exclude="
								+ "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration");
			Runtime.getRuntime().addShutdownHook(new Thread(issuer::close, "dev-issuer-shutdown"));
		}
	}

	/**
	 * Points the dashboard's client registration at this issuer, in every analytics test
	 * context alike (so they stay one cached context); the issuer itself starts only for
	 * the tests that sign in.
	 */
	public static class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			String provider = "spring.security.oauth2.client.provider.devissuer.";
			TestPropertyValues
				.of(provider + "authorization-uri=" + url() + "/oauth2/authorize",
						provider + "token-uri=" + url() + "/oauth2/token",
						provider + "jwk-set-uri=" + url() + "/oauth2/jwks")
				.applyTo(context);
		}

	}

	// "localhost", while the dashboard is browsed at 127.0.0.1: browsers keep cookies
	// per host name, not per port, so the two sessions stay apart
	public static String url() {
		return "http://localhost:" + PORT;
	}

	private static int unusedPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
