package com.opencar.car.testsupport;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts each server at most once per JVM, on first request, and stops them when the JVM
 * exits.
 */
final class RealServersRegistry {

	private static final Logger logger = LoggerFactory.getLogger(RealServersRegistry.class);

	/**
	 * System property choosing the implementation: {@code embedded} (default) or
	 * {@code containers}.
	 */
	static final String INFRA_PROPERTY = "infra";

	private static final Map<Server, Object> running = new EnumMap<>(Server.class);

	private static final Deque<Started<?>> stopOrder = new ArrayDeque<>();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(RealServersRegistry::stopAll, "real-servers-shutdown"));
	}

	private RealServersRegistry() {
	}

	static TestKafka kafka() {
		return get(Server.KAFKA, TestKafka.class);
	}

	static TestMqttBroker mqtt() {
		return get(Server.MQTT, TestMqttBroker.class);
	}

	static TestPostgres postgres() {
		return get(Server.POSTGRES, TestPostgres.class);
	}

	static TestMongo mongo() {
		return get(Server.MONGO, TestMongo.class);
	}

	static TestMosquitto mosquitto() {
		return get(Server.MOSQUITTO, TestMosquitto.class);
	}

	static Object get(Server server) {
		return switch (server) {
			case KAFKA -> kafka();
			case MQTT -> mqtt();
			case POSTGRES -> postgres();
			case MONGO -> mongo();
			case MOSQUITTO -> mosquitto();
		};
	}

	private static synchronized <T> T get(Server server, Class<T> type) {
		Object handle = running.get(server);
		if (handle == null) {
			Started<T> started = start(server, useContainers());
			stopOrder.push(started);
			handle = started.server();
			running.put(server, handle);
		}
		return type.cast(handle);
	}

	@SuppressWarnings("unchecked")
	private static <T> Started<T> start(Server server, boolean containers) {
		long startedAt = System.nanoTime();
		Supplier<Started<?>> starter = switch (server) {
			case KAFKA -> containers ? ContainerServers::kafka : EmbeddedServers::kafka;
			case MQTT -> containers ? ContainerServers::mqtt : EmbeddedServers::mqtt;
			case POSTGRES -> containers ? ContainerServers::postgres : EmbeddedServers::postgres;
			case MONGO -> containers ? ContainerServers::mongo : EmbeddedServers::mongo;
			case MOSQUITTO -> containers ? ContainerServers::mosquitto : EmbeddedServers::mosquitto;
		};
		Started<T> started = (Started<T>) starter.get();
		logger.info("Started {} ({}) in {} ms", server, containers ? "container" : "embedded",
				(System.nanoTime() - startedAt) / 1_000_000);
		return started;
	}

	static boolean useContainers() {
		String infra = System.getProperty(INFRA_PROPERTY, "embedded");
		return switch (infra) {
			case "embedded", "" -> false;
			case "containers" -> true;
			default -> throw new IllegalStateException(
					"-D" + INFRA_PROPERTY + " must be 'embedded' or 'containers', not '" + infra + "'");
		};
	}

	private static synchronized void stopAll() {
		while (!stopOrder.isEmpty()) {
			try {
				stopOrder.pop().stop().run();
			}
			catch (RuntimeException ex) {
				logger.warn("Could not stop a test server cleanly", ex);
			}
		}
	}

}
