package com.opencar.car.testsupport;

import org.junit.jupiter.api.Test;

import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import static org.assertj.core.api.Assertions.assertThat;

@SpringJUnitConfig(RealServersContextCustomizerIntegrationTests.Config.class)
@RealServers(value = { Server.KAFKA, Server.MQTT, Server.POSTGRES, Server.MONGO },
		mqttUrlProperties = { "car.ingest.mqtt.url", "car.command.mqtt.url" })
class RealServersContextCustomizerIntegrationTests {

	@Test
	void handsConnectionDetailsToSpring(ApplicationContext context, TestKafka kafka, TestMqttBroker broker,
			TestPostgres postgres, TestMongo mongo) {
		Environment environment = context.getEnvironment();
		assertThat(environment.getProperty("spring.kafka.bootstrap-servers")).isEqualTo(kafka.bootstrapServers());
		assertThat(environment.getProperty("car.ingest.mqtt.url")).isEqualTo(broker.serverUri()).startsWith("tcp://");
		assertThat(environment.getProperty("car.command.mqtt.url")).isEqualTo(broker.serverUri());
		assertThat(environment.getProperty("spring.datasource.url")).isEqualTo(postgres.jdbcUrl())
			.startsWith("jdbc:postgresql://");
		assertThat(environment.getProperty("spring.datasource.username")).isEqualTo(postgres.username());
		assertThat(environment.getProperty("spring.mongodb.uri")).isEqualTo(mongo.connectionString())
			.startsWith("mongodb://");
	}

	@Configuration(proxyBeanMethods = false)
	static class Config {

	}

}
