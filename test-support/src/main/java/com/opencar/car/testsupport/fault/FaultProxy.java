package com.opencar.car.testsupport.fault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy on the loopback interface in front of one server, for fault injection in
 * the manner of Toxiproxy: clients connect to {@link #port()} instead of the server, and
 * the test decides what the network does meanwhile.
 * <ul>
 * <li>{@link #cut()}: open connections are reset and new ones refused (closed at once)
 * until {@link #heal()}: the server "goes away".</li>
 * <li>{@link #delay(Duration)}: every chunk of data, either way, is held that long: a
 * slow network.</li>
 * <li>{@link #blackhole()}: connections stay open but nothing arrives either way, so
 * clients run into their timeouts: a partition without resets.</li>
 * </ul>
 * One thread per direction and connection: meant for the handful of connections a service
 * under test opens.
 */
public final class FaultProxy implements AutoCloseable {

	private static final int BUFFER = 16 * 1024;

	private final InetSocketAddress upstream;

	private final ServerSocket listener;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private final AtomicReference<Fault> fault = new AtomicReference<>(Fault.NONE);

	private final AtomicLong connections = new AtomicLong();

	private final AtomicLong refused = new AtomicLong();

	private final AtomicLong bytes = new AtomicLong();

	private volatile boolean closed;

	private FaultProxy(InetSocketAddress upstream, int port) throws IOException {
		this.upstream = upstream;
		this.listener = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::accept, "fault-proxy-" + this.listener.getLocalPort());
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/**
	 * @param host the server's host
	 * @param port the server's port
	 * @return a proxy on a free loopback port, passing everything through
	 */
	public static FaultProxy to(String host, int port) {
		return on(0, host, port);
	}

	/**
	 * @param listenPort the proxy's port (0: any free one)
	 * @param host the server's host
	 * @param port the server's port
	 * @return a proxy on that loopback port, passing everything through
	 */
	public static FaultProxy on(int listenPort, String host, int port) {
		try {
			return new FaultProxy(new InetSocketAddress(host, port), listenPort);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * @return the port clients connect to instead of the server's
	 */
	public int port() {
		return this.listener.getLocalPort();
	}

	/** Resets every open connection and refuses new ones until {@link #heal()}. */
	public void cut() {
		this.fault.set(Fault.CUT);
		this.open.forEach(FaultProxy::reset);
	}

	/**
	 * Holds every chunk of data, either way, for the given time.
	 * @param latency the added latency
	 */
	public void delay(Duration latency) {
		this.fault.set(new Fault(Kind.DELAY, latency));
	}

	/** Keeps connections open but lets nothing through either way. */
	public void blackhole() {
		this.fault.set(Fault.BLACKHOLE);
	}

	/** Passes everything through again; data dropped meanwhile stays lost. */
	public void heal() {
		this.fault.set(Fault.NONE);
	}

	/**
	 * @return connections accepted and passed on so far
	 */
	public long connections() {
		return this.connections.get();
	}

	/**
	 * @return connections refused while cut
	 */
	public long refused() {
		return this.refused.get();
	}

	/**
	 * @return bytes passed through, both ways
	 */
	public long bytes() {
		return this.bytes.get();
	}

	@Override
	public void close() {
		this.closed = true;
		closeQuietly(this.listener);
		this.open.forEach(FaultProxy::reset);
	}

	private void accept() {
		while (!this.closed) {
			Socket client;
			try {
				client = this.listener.accept();
			}
			catch (IOException ex) {
				return;
			}
			if (this.fault.get().kind() == Kind.CUT) {
				this.refused.incrementAndGet();
				reset(client);
				continue;
			}
			Socket server = new Socket();
			try {
				server.connect(this.upstream, 5_000);
			}
			catch (IOException ex) {
				// the server itself is down: the client sees that as a reset too
				reset(client);
				closeQuietly(server);
				continue;
			}
			this.connections.incrementAndGet();
			this.open.add(client);
			this.open.add(server);
			pump(client, server, "up");
			pump(server, client, "down");
		}
	}

	private void pump(Socket from, Socket to, String direction) {
		Thread pump = new Thread(() -> {
			byte[] buffer = new byte[BUFFER];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) != -1) {
					Fault now = this.fault.get();
					if (now.kind() == Kind.BLACKHOLE) {
						continue;
					}
					if (now.kind() == Kind.DELAY) {
						// holding the data is the fault being injected, not a test
						// waiting
						Thread.sleep(now.latency().toMillis());
					}
					// counted before it is passed on: whoever receives it sees the count
					this.bytes.addAndGet(read);
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// the other side or the fault closed the connection
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
				this.open.remove(from);
				this.open.remove(to);
			}
		}, "fault-proxy-" + port() + "-" + direction);
		pump.setDaemon(true);
		pump.start();
	}

	/** Closes with RST instead of FIN, as a dropped connection looks to a client. */
	private static void reset(Socket socket) {
		try {
			socket.setSoLinger(true, 0);
		}
		catch (SocketException ex) {
			// closed already
		}
		closeQuietly(socket);
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// nothing more to do
		}
	}

	private enum Kind {

		NONE, CUT, DELAY, BLACKHOLE

	}

	private record Fault(Kind kind, Duration latency) {

		static final Fault NONE = new Fault(Kind.NONE, Duration.ZERO);

		static final Fault CUT = new Fault(Kind.CUT, Duration.ZERO);

		static final Fault BLACKHOLE = new Fault(Kind.BLACKHOLE, Duration.ZERO);

	}

}
