package com.opencar.car.common.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

import javax.net.SocketFactory;

/**
 * Plain TCP sockets with Nagle's algorithm off.
 * <p>
 * MQTT clients such as Paho leave {@code TCP_NODELAY} unset. With a window of QoS 1
 * publishes (or PUBACKs) in flight, Nagle's algorithm then waits for the peer's delayed
 * ACK, and each round trip costs about 40 ms: on loopback that held a publisher with ten
 * messages in flight to ~120 msg/s. Give this factory to the client for {@code tcp://}
 * URIs.
 */
public final class NoDelaySocketFactory extends SocketFactory {

	private static final NoDelaySocketFactory INSTANCE = new NoDelaySocketFactory();

	private NoDelaySocketFactory() {
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
		return noDelay(new Socket());
	}

	@Override
	public Socket createSocket(String host, int port) throws IOException {
		return noDelay(new Socket(host, port));
	}

	@Override
	public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
		return noDelay(new Socket(host, port, localHost, localPort));
	}

	@Override
	public Socket createSocket(InetAddress host, int port) throws IOException {
		return noDelay(new Socket(host, port));
	}

	@Override
	public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
			throws IOException {
		return noDelay(new Socket(address, port, localAddress, localPort));
	}

	private static Socket noDelay(Socket socket) throws IOException {
		socket.setTcpNoDelay(true);
		return socket;
	}

}
