package com.opencar.car.common.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NoDelaySocketFactoryTests {

	@Test
	void socketsItMakesHaveNaglesAlgorithmOff() throws Exception {
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				Socket unconnected = NoDelaySocketFactory.get().createSocket();
				Socket connected = NoDelaySocketFactory.get()
					.createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
			unconnected.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
			assertThat(unconnected.getTcpNoDelay()).isTrue();
			assertThat(connected.getTcpNoDelay()).isTrue();
		}
	}

	@Test
	void appliesToPlainTcpOnly() {
		assertThat(NoDelaySocketFactory.appliesTo("tcp://broker:1883")).isTrue();
		assertThat(NoDelaySocketFactory.appliesTo("ssl://broker:8883")).isFalse();
	}

}
