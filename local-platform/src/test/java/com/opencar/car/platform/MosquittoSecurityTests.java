package com.opencar.car.platform;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.opencar.car.testsupport.SecureMosquitto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The shipped Mosquitto configuration ({@code security/mosquitto}) run as it is, with
 * only its ports and file paths substituted, the clients added by {@code add-client.sh}
 * and the certificates made by {@code dev-certs.sh}: cars reach only their own topics,
 * wrong or missing credentials are refused, and TLS works with the development CA.
 */
class MosquittoSecurityTests {

	private static final Path SECURITY = Path.of("..", "security").toAbsolutePath().normalize();

	private static final String CAR_A = "SECAR000000000001";

	private static final String CAR_B = "SECAR000000000002";

	private static final Map<String, String> PASSWORDS = Map.of(CAR_A, "secret-of-car-a", CAR_B, "secret-of-car-b",
			"ingest", "secret-of-ingest", "command", "secret-of-command");

	private static SecureMosquitto mosquitto;

	private static int plainPort;

	private static int tlsPort;

	@BeforeAll
	static void startTheShippedConfiguration() {
		mosquitto = SecureMosquitto.start(SECURITY, PASSWORDS);
		plainPort = mosquitto.plainPort();
		tlsPort = mosquitto.tlsPort();
	}

	@AfterAll
	static void stop() {
		if (mosquitto != null) {
			mosquitto.close();
		}
	}

	@Test
	void aWrongSecretOrNoneIsRefused() {
		assertThatExceptionOfType(Mqtt5ConnAckException.class)
			.isThrownBy(() -> client("car-a-wrong").simpleAuth()
				.username(CAR_A)
				.password("secret-of-car-b".getBytes(StandardCharsets.UTF_8))
				.applySimpleAuth()
				.buildBlocking()
				.connect())
			.satisfies((refused) -> assertThat(refused.getMqttMessage().getReasonCode())
				.isIn(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD, Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));
		assertThatExceptionOfType(Mqtt5ConnAckException.class)
			.isThrownBy(() -> client("anonymous").buildBlocking().connect());
	}

	@Test
	void aCarPublishesOnlyOnItsOwnTopics() throws Exception {
		Mqtt5BlockingClient ingest = connect("ingest");
		BlockingQueue<Mqtt5Publish> received = new LinkedBlockingQueue<>();
		ingest.toAsync().publishes(MqttGlobalPublishFilter.ALL, received::add);
		Mqtt5SubAck subscribed = ingest.subscribeWith()
			.topicFilter("$share/ingest/vehicles/+/telemetry")
			.qos(MqttQos.AT_LEAST_ONCE)
			.send();
		assertThat(subscribed.getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
		Mqtt5BlockingClient carA = connect(CAR_A);
		try {
			assertThatExceptionOfType(Mqtt5PubAckException.class)
				.isThrownBy(() -> carA.publishWith()
					.topic("vehicles/" + CAR_B + "/telemetry")
					.qos(MqttQos.AT_LEAST_ONCE)
					.payload("forged".getBytes(StandardCharsets.UTF_8))
					.send())
				.satisfies((refused) -> assertThat(refused.getMqttMessage().getReasonCode())
					.isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));
			carA.publishWith()
				.topic("vehicles/" + CAR_A + "/telemetry")
				.qos(MqttQos.AT_LEAST_ONCE)
				.payload("own".getBytes(StandardCharsets.UTF_8))
				.send();
			// the broker handles one connection's publishes in order: once the second is
			// here, the first would have been
			Mqtt5Publish first = received.poll(10, TimeUnit.SECONDS);
			assertThat(first).isNotNull();
			assertThat(first.getTopic().toString()).isEqualTo("vehicles/" + CAR_A + "/telemetry");
			assertThat(new String(first.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("own");
			assertThat(received).isEmpty();
		}
		finally {
			carA.disconnect();
			ingest.disconnect();
		}
	}

	@Test
	void aCarReceivesOnlyItsOwnCommandsAndCannotSendAny() throws Exception {
		Mqtt5BlockingClient carA = connect(CAR_A);
		Mqtt5BlockingClient carB = connect(CAR_B);
		Mqtt5BlockingClient command = connect("command");
		BlockingQueue<Mqtt5Publish> atA = new LinkedBlockingQueue<>();
		BlockingQueue<Mqtt5Publish> atB = new LinkedBlockingQueue<>();
		carA.toAsync().publishes(MqttGlobalPublishFilter.ALL, atA::add);
		carB.toAsync().publishes(MqttGlobalPublishFilter.ALL, atB::add);
		try {
			// Mosquitto 2.0 grants these subscriptions but checks the read right of every
			// message it would deliver: nothing of car B's reaches car A through them
			subscribe(carA, "vehicles/" + CAR_B + "/commands");
			subscribe(carA, "vehicles/+/commands");
			assertThat(subscribe(carA, "vehicles/" + CAR_A + "/commands"))
				.containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
			assertThat(subscribe(carB, "vehicles/" + CAR_B + "/commands"))
				.containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);

			// car A tries to command car B: refused
			assertThatExceptionOfType(Mqtt5PubAckException.class)
				.isThrownBy(() -> carA.publishWith()
					.topic("vehicles/" + CAR_B + "/commands")
					.qos(MqttQos.AT_LEAST_ONCE)
					.payload("from-car-a".getBytes(StandardCharsets.UTF_8))
					.send())
				.satisfies((refused) -> assertThat(refused.getMqttMessage().getReasonCode())
					.isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));
			// the platform commands B, then A
			for (String car : List.of(CAR_B, CAR_A)) {
				command.publishWith()
					.topic("vehicles/" + car + "/commands")
					.qos(MqttQos.AT_LEAST_ONCE)
					.payload(("for-" + car).getBytes(StandardCharsets.UTF_8))
					.send();
			}
			// had B's command reached A, it would have come before A's own
			Mqtt5Publish firstAtA = atA.poll(10, TimeUnit.SECONDS);
			assertThat(firstAtA).isNotNull();
			assertThat(new String(firstAtA.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("for-" + CAR_A);
			assertThat(atA).allSatisfy((publish) -> assertThat(publish.getTopic().toString())
				.isEqualTo("vehicles/" + CAR_A + "/commands"));
			Mqtt5Publish firstAtB = atB.poll(10, TimeUnit.SECONDS);
			assertThat(firstAtB).isNotNull();
			assertThat(new String(firstAtB.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("for-" + CAR_B);
		}
		finally {
			carA.disconnect();
			carB.disconnect();
			command.disconnect();
		}
	}

	@Test
	void tlsWithTheDevelopmentCa() {
		Mqtt5BlockingClient car = MqttClient.builder()
			.useMqttVersion5()
			.identifier("tls-" + CAR_A)
			.serverHost("localhost")
			.serverPort(tlsPort)
			.sslConfig()
			.trustManagerFactory(mosquitto.trustManagerFactory())
			.applySslConfig()
			.simpleAuth()
			.username(CAR_A)
			.password(PASSWORDS.get(CAR_A).getBytes(StandardCharsets.UTF_8))
			.applySimpleAuth()
			.buildBlocking();
		car.connect();
		car.publishWith()
			.topic("vehicles/" + CAR_A + "/status")
			.qos(MqttQos.AT_LEAST_ONCE)
			.payload("{\"online\":true}".getBytes(StandardCharsets.UTF_8))
			.send();
		car.disconnect();

		// the JVM's default trust store does not know the development CA
		Mqtt5BlockingClient untrusting = MqttClient.builder()
			.useMqttVersion5()
			.identifier("tls-untrusting")
			.serverHost("localhost")
			.serverPort(tlsPort)
			.sslWithDefaultConfig()
			.simpleAuth()
			.username(CAR_A)
			.password(PASSWORDS.get(CAR_A).getBytes(StandardCharsets.UTF_8))
			.applySimpleAuth()
			.buildBlocking();
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(untrusting::connect);
	}

	private static List<Mqtt5SubAckReasonCode> subscribe(Mqtt5BlockingClient client, String filter) {
		return client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send().getReasonCodes();
	}

	private static Mqtt5BlockingClient connect(String user) {
		Mqtt5BlockingClient client = client(user + "-" + System.nanoTime()).simpleAuth()
			.username(user)
			.password(PASSWORDS.get(user).getBytes(StandardCharsets.UTF_8))
			.applySimpleAuth()
			.buildBlocking();
		client.connect();
		return client;
	}

	private static Mqtt5ClientBuilder client(String id) {
		return MqttClient.builder().useMqttVersion5().identifier(id).serverHost("127.0.0.1").serverPort(plainPort);
	}

}
