package com.opencar.car.testsupport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Hands the connection details of the servers a {@link RealServers} test asks for to its
 * Spring application context, as the highest-precedence properties.
 */
public class RealServersContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		RealServers servers = TestContextAnnotationUtils.findMergedAnnotation(testClass, RealServers.class);
		if (servers == null) {
			return null;
		}
		return new RealServersContextCustomizer(Set.of(servers.value()), List.of(servers.mqttUrlProperties()));
	}

	/**
	 * A record, so Spring's context cache reuses contexts that ask for the same servers.
	 */
	record RealServersContextCustomizer(Set<Server> servers,
			List<String> mqttUrlProperties) implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			Map<String, Object> properties = new LinkedHashMap<>();
			if (this.servers.contains(Server.KAFKA)) {
				properties.put("spring.kafka.bootstrap-servers", RealServersRegistry.kafka().bootstrapServers());
			}
			if (this.servers.contains(Server.MQTT) || this.servers.contains(Server.MOSQUITTO)) {
				if (this.mqttUrlProperties.isEmpty()) {
					throw new IllegalStateException("@RealServers asks for MQTT but names no mqttUrlProperties for "
							+ config.getTestClass().getName());
				}
				// with both brokers, the services talk to HiveMQ and tests use Mosquitto
				// directly
				String uri = this.servers.contains(Server.MQTT) ? RealServersRegistry.mqtt().serverUri()
						: RealServersRegistry.mosquitto().serverUri();
				this.mqttUrlProperties.forEach((property) -> properties.put(property, uri));
			}
			if (this.servers.contains(Server.POSTGRES)) {
				TestPostgres postgres = RealServersRegistry.postgres();
				properties.put("spring.datasource.url", postgres.jdbcUrl());
				properties.put("spring.datasource.username", postgres.username());
				properties.put("spring.datasource.password", postgres.password());
			}
			if (this.servers.contains(Server.MONGO)) {
				properties.put("spring.mongodb.uri", RealServersRegistry.mongo().connectionString());
			}
			context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("realServers", properties));
		}

	}

}
