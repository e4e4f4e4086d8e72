package com.opencar.car.common.net;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MqttSocketFactoryTests {

	@Test
	void socketsItMakesHaveNaglesAlgorithmOff() throws Exception {
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				Socket unconnected = MqttSocketFactory.get().createSocket();
				Socket connected = MqttSocketFactory.get()
					.createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
			unconnected.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
			assertThat(unconnected.getTcpNoDelay()).isTrue();
			assertThat(connected.getTcpNoDelay()).isTrue();
		}
	}

	@Test
	void readsThroughOneBufferPerSocket() throws Exception {
		byte[] packets = new byte[3000];
		for (int index = 0; index < packets.length; index++) {
			packets[index] = (byte) index;
		}
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				Socket client = MqttSocketFactory.get()
					.createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort());
				Socket accepted = server.accept()) {
			accepted.getOutputStream().write(packets);
			InputStream input = client.getInputStream();
			assertThat(input).isInstanceOf(BufferedInputStream.class).isSameAs(client.getInputStream());
			// as Paho reads: a byte, then the rest in one go
			DataInputStream data = new DataInputStream(input);
			byte[] read = new byte[packets.length];
			read[0] = data.readByte();
			data.readFully(read, 1, read.length - 1);
			assertThat(read).isEqualTo(packets);
		}
	}

	@Test
	void appliesToPlainTcpOnly() {
		assertThat(MqttSocketFactory.appliesTo("tcp://broker:1883")).isTrue();
		assertThat(MqttSocketFactory.appliesTo("ssl://broker:8883")).isFalse();
	}

}
