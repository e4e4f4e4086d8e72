package com.opencar.car.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Map;

import javax.net.ssl.TrustManagerFactory;

/**
 * The repository's secured Mosquitto configuration ({@code security/mosquitto}) run as it
 * is, with only its ports and file paths substituted: clients added with its
 * {@code add-client.sh}, certificates made by {@code security/dev-certs.sh}, its ACL file
 * used unchanged. For tests of the broker's rules and of clients that connect with TLS
 * and credentials.
 */
public final class SecureMosquitto implements AutoCloseable {

	private final Process process;

	private final Path directory;

	private final int plainPort;

	private final int tlsPort;

	private SecureMosquitto(Process process, Path directory, int plainPort, int tlsPort) {
		this.process = process;
		this.directory = directory;
		this.plainPort = plainPort;
		this.tlsPort = tlsPort;
	}

	/**
	 * Starts the broker.
	 * @param security the repository's {@code security} directory
	 * @param clients user name (a VIN or a service) to password
	 * @return the running broker
	 */
	public static SecureMosquitto start(Path security, Map<String, String> clients) {
		try {
			Path directory = Files.createTempDirectory("secure-mosquitto-");
			run(security.resolve("dev-certs.sh").toString(), directory.resolve("certs").toString());
			for (Map.Entry<String, String> client : clients.entrySet()) {
				run(security.resolve("mosquitto/add-client.sh").toString(), directory.resolve("passwords").toString(),
						client.getKey(), client.getValue());
			}
			int plainPort = EmbeddedServers.freePort();
			int tlsPort = EmbeddedServers.freePort();
			String config = Files.readString(security.resolve("mosquitto/mosquitto.conf"))
				.replace("listener 8883", "listener " + tlsPort)
				.replace("listener 1883 127.0.0.1", "listener " + plainPort + " 127.0.0.1")
				.replace("/etc/mosquitto/passwords", directory.resolve("passwords").toString())
				.replace("/etc/mosquitto/acl", security.resolve("mosquitto/acl").toString())
				.replace("/etc/mosquitto/certs/", directory.resolve("certs") + "/")
				.replace("/var/lib/mosquitto/", directory.resolve("data") + "/");
			if (config.contains("/etc/mosquitto") || config.contains("listener 1883")
					|| config.contains("listener 8883")) {
				throw new IllegalStateException("security/mosquitto/mosquitto.conf changed: update SecureMosquitto");
			}
			// started as root, Mosquitto would switch to the user "mosquitto", who cannot
			// read the test's files (the packaged service owns its files the same way)
			config += "\nuser " + System.getProperty("user.name") + "\n";
			Files.createDirectories(directory.resolve("data"));
			Path file = directory.resolve("mosquitto.conf");
			Files.writeString(file, config);
			Process process = MosquittoProcess.launch(file, plainPort, tlsPort);
			return new SecureMosquitto(process, directory, plainPort, tlsPort);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The plain listener (loopback only). */
	public int plainPort() {
		return this.plainPort;
	}

	/** The TLS listener, with a certificate for localhost and 127.0.0.1. */
	public int tlsPort() {
		return this.tlsPort;
	}

	/** The development CA that signed the broker's certificate (PEM). */
	public Path caCertificate() {
		return this.directory.resolve("certs/ca.crt");
	}

	/** Trust in the development CA only, for clients that connect over TLS. */
	public TrustManagerFactory trustManagerFactory() {
		try (InputStream ca = Files.newInputStream(caCertificate())) {
			KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
			trusted.load(null, null);
			trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(ca));
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(trusted);
			return trust;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		MosquittoProcess.stop(this.process, this.directory);
	}

	private static void run(String... command) throws IOException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		try {
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (process.waitFor() != 0) {
				throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
