package com.opencar.car.ingest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.context.ConfigurableApplicationContext;

import com.opencar.car.ingest.IngestApplication;
import com.opencar.car.testsupport.TestMqttBroker;
import com.opencar.car.testsupport.security.DevIssuer;

/**
 * A whole ingest service started by a test, for tests that stop, restart or run several
 * instances side by side.
 */
public final class IngestInstance implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private IngestInstance(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Starts an instance.
	 * @param broker the MQTT broker
	 * @param bootstrapServers Kafka
	 * @param clientId its MQTT client id; the same id resumes the same persistent session
	 * @param overrides further properties
	 * @return the running instance
	 */
	public static IngestInstance start(TestMqttBroker broker, String bootstrapServers, String clientId,
			Map<String, Object> overrides) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("server.port", "0");
		properties.put("spring.profiles.active", DevIssuer.PROFILE);
		properties.put("spring.kafka.bootstrap-servers", bootstrapServers);
		properties.put("car.ingest.mqtt.url", broker.serverUri());
		properties.put("car.ingest.mqtt.client-id", clientId);
		properties.putAll(overrides);
		// command-line arguments outrank application.yml (builder properties would not)
		String[] args = properties.entrySet()
			.stream()
			.map((property) -> "--" + property.getKey() + "=" + property.getValue())
			.toArray(String[]::new);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(IngestApplication.class).run(args);
		return new IngestInstance(context);
	}

	/**
	 * @return how many messages this instance forwarded to Kafka
	 */
	public double forwarded() {
		return count("car.ingest.messages.forwarded");
	}

	/**
	 * @return whether the instance's MQTT health is UP, that is, it has subscribed
	 */
	public boolean mqttSubscribed() {
		return isUp("mqtt");
	}

	/**
	 * @param component a health contributor, such as {@code kafka}
	 * @return whether it reports UP
	 */
	public boolean isUp(String component) {
		return this.context.getBean(HealthContributorRegistry.class)
			.getContributor(component) instanceof HealthIndicator indicator
				&& Status.UP.equals(indicator.health().getStatus());
	}

	/**
	 * @return messages received from the broker and not yet acknowledged: waiting for the
	 * dispatcher or for Kafka
	 */
	public double unacknowledged() {
		MeterRegistry registry = this.context.getBean(MeterRegistry.class);
		return registry.get("car.ingest.bridge.queued").gauge().value()
				+ registry.get("car.ingest.in-flight").gauge().value();
	}

	/**
	 * @return how many MQTT messages this instance received (each counted once, however
	 * often its send to Kafka was retried)
	 */
	public double received() {
		return count("car.ingest.messages.received");
	}

	/**
	 * @return how many sends Kafka refused, each followed by a retry
	 */
	public double sendFailures() {
		return count("car.ingest.kafka.send.failures");
	}

	/**
	 * @param meter a counter's name
	 * @param tags tag keys and values the counters must carry
	 * @return the sum of the matching counters, 0 when there is none
	 */
	public double count(String meter, String... tags) {
		return Search.in(this.context.getBean(MeterRegistry.class))
			.name(meter)
			.tags(tags)
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

	/**
	 * @param meter a gauge's name
	 * @return its value
	 */
	public double gauge(String meter) {
		return this.context.getBean(MeterRegistry.class).get(meter).gauge().value();
	}

	public int port() {
		return Integer.parseInt(this.context.getEnvironment().getProperty("local.server.port"));
	}

	@Override
	public void close() {
		this.context.close();
	}

	/**
	 * A local port nothing listens on, to stand for an unreachable server.
	 * @return the port
	 */
	public static int unusedPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
