package com.opencar.car.common.net;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

import javax.net.SocketFactory;

/**
 * Plain TCP sockets for MQTT clients: Nagle's algorithm off, and reads through a buffer.
 * <p>
 * MQTT clients such as Paho leave {@code TCP_NODELAY} unset. With a window of QoS 1
 * publishes (or PUBACKs) in flight, Nagle's algorithm then waits for the peer's delayed
 * ACK, and each round trip costs about 40 ms: on loopback that held a publisher with ten
 * messages in flight to ~120 msg/s.
 * <p>
 * Paho reads each packet from the socket's stream in three or more reads (the first byte,
 * the length byte by byte, then the rest), each a system call on a plain socket. Through
 * a buffer, one call takes in whatever the broker has sent: in the ingest benchmark the
 * bridge's CPU per message flat out fell from 94 to 65 µs and its rate rose from 6,800 to
 * 9,000 msg/s (issue 28). TLS sockets buffer already.
 * <p>
 * Give this factory to the client for {@code tcp://} URIs.
 */
public final class MqttSocketFactory extends SocketFactory {

	private static final MqttSocketFactory INSTANCE = new MqttSocketFactory();

	private MqttSocketFactory() {
	}

	public static SocketFactory get() {
		return INSTANCE;
	}

	/**
	 * @param serverUri an MQTT server URI
	 * @return whether it is plain TCP, where this factory applies
	 */
	public static boolean appliesTo(String serverUri) {
		return serverUri.startsWith("tcp://");
	}

	@Override
	public Socket createSocket() throws IOException {
		return noDelay(new BufferedSocket());
	}

	@Override
	public Socket createSocket(String host, int port) throws IOException {
		return connected(new InetSocketAddress(host, port), null);
	}

	@Override
	public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
		return connected(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
	}

	@Override
	public Socket createSocket(InetAddress host, int port) throws IOException {
		return connected(new InetSocketAddress(host, port), null);
	}

	@Override
	public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
			throws IOException {
		return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
	}

	private static Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
		Socket socket = noDelay(new BufferedSocket());
		try {
			if (local != null) {
				socket.bind(local);
			}
			socket.connect(remote);
			return socket;
		}
		catch (IOException ex) {
			socket.close();
			throw ex;
		}
	}

	private static Socket noDelay(Socket socket) throws IOException {
		socket.setTcpNoDelay(true);
		return socket;
	}

	/** A socket whose input stream reads through a buffer. */
	private static final class BufferedSocket extends Socket {

		private InputStream input;

		@Override
		public synchronized InputStream getInputStream() throws IOException {
			if (this.input == null) {
				this.input = new BufferedInputStream(super.getInputStream(), 64 * 1024);
			}
			return this.input;
		}

	}

}
