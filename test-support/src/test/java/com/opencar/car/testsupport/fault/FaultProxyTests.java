package com.opencar.car.testsupport.fault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.opencar.car.testsupport.RealServers;
import com.opencar.car.testsupport.Server;
import com.opencar.car.testsupport.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The fault proxy between a client and an echo server, then between JDBC and the real
 * PostgreSQL: data passes, a cut resets connections and refuses new ones, a delay holds
 * data, a black hole lets nothing through, and healing restores all of it.
 */
@RealServers(Server.POSTGRES)
class FaultProxyTests {

	private ServerSocket echo;

	private FaultProxy proxy;

	@BeforeEach
	void startEchoServer() throws IOException {
		this.echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread server = new Thread(() -> {
			while (!this.echo.isClosed()) {
				try {
					Socket client = this.echo.accept();
					Thread echoing = new Thread(() -> {
						try (client;
								InputStream in = client.getInputStream();
								OutputStream out = client.getOutputStream()) {
							in.transferTo(out);
						}
						catch (IOException ex) {
							// the client went away
						}
					});
					echoing.setDaemon(true);
					echoing.start();
				}
				catch (IOException ex) {
					return;
				}
			}
		});
		server.setDaemon(true);
		server.start();
		this.proxy = FaultProxy.to("127.0.0.1", this.echo.getLocalPort());
	}

	@AfterEach
	void stop() throws IOException {
		this.proxy.close();
		this.echo.close();
	}

	@Test
	void passesDataThroughBothWays() throws IOException {
		try (Socket client = connect()) {
			assertThat(roundTrip(client, "hello")).isEqualTo("hello");
		}
		assertThat(this.proxy.connections()).isEqualTo(1);
		assertThat(this.proxy.bytes()).isEqualTo(10);
	}

	@Test
	void aCutResetsOpenConnectionsAndRefusesNewOnesUntilHealed() throws IOException {
		try (Socket client = connect()) {
			assertThat(roundTrip(client, "before")).isEqualTo("before");
			this.proxy.cut();
			assertThatExceptionOfType(IOException.class).isThrownBy(() -> {
				// the reset may surface on the write or on the read
				roundTrip(client, "during");
				roundTrip(client, "during");
			});
		}
		try (Socket refused = connect()) {
			assertThat(refused.getInputStream().read()).isEqualTo(-1);
		}
		catch (IOException ex) {
			// a reset instead of an orderly close: refused all the same
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> this.proxy.refused() == 1);

		this.proxy.heal();
		try (Socket client = connect()) {
			assertThat(roundTrip(client, "after")).isEqualTo("after");
		}
	}

	@Test
	void aDelayHoldsTheDataEachWay() throws IOException {
		this.proxy.delay(Duration.ofMillis(300));
		try (Socket client = connect()) {
			long start = System.nanoTime();
			assertThat(roundTrip(client, "slow")).isEqualTo("slow");
			// held once on the way there and once on the way back
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
		}
	}

	@Test
	void aBlackHoleLetsNothingThroughButKeepsTheConnection() throws IOException {
		try (Socket client = connect()) {
			this.proxy.blackhole();
			client.setSoTimeout(500);
			client.getOutputStream().write("lost".getBytes(StandardCharsets.UTF_8));
			assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(() -> client.getInputStream().read());
			this.proxy.heal();
			client.setSoTimeout(5_000);
			assertThat(roundTrip(client, "again")).isEqualTo("again");
		}
	}

	@Test
	void standsBetweenJdbcAndPostgres(TestPostgres postgres) throws SQLException {
		String host = postgres.jdbcUrl().replaceAll("jdbc:postgresql://([^:/]+):(\\d+)/.*", "$1");
		int port = Integer.parseInt(postgres.jdbcUrl().replaceAll("jdbc:postgresql://([^:/]+):(\\d+)/.*", "$2"));
		try (FaultProxy database = FaultProxy.to(host, port)) {
			String url = postgres.jdbcUrl().replace(host + ":" + port, "127.0.0.1:" + database.port());
			Properties credentials = new Properties();
			credentials.setProperty("user", postgres.username());
			credentials.setProperty("password", postgres.password());
			credentials.setProperty("socketTimeout", "2");
			try (Connection connection = DriverManager.getConnection(url, credentials)) {
				assertThat(select(connection)).isEqualTo(42);
				database.cut();
				assertThatExceptionOfType(SQLException.class).isThrownBy(() -> select(connection));
			}
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> DriverManager.getConnection(url, credentials).close());
			database.heal();
			try (Connection connection = DriverManager.getConnection(url, credentials)) {
				assertThat(select(connection)).isEqualTo(42);
			}
		}
	}

	private static int select(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery("select 42")) {
			row.next();
			return row.getInt(1);
		}
	}

	private Socket connect() throws IOException {
		Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.proxy.port());
		socket.setSoTimeout(5_000);
		return socket;
	}

	private static String roundTrip(Socket client, String text) throws IOException {
		byte[] sent = text.getBytes(StandardCharsets.UTF_8);
		client.getOutputStream().write(sent);
		client.getOutputStream().flush();
		byte[] received = client.getInputStream().readNBytes(sent.length);
		if (received.length < sent.length) {
			throw new IOException("connection closed after " + received.length + " bytes");
		}
		return new String(received, StandardCharsets.UTF_8);
	}

}
