package com.opencar.car.command.delivery;

import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;

import javax.sql.DataSource;

import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import com.opencar.car.command.CommandProperties;
import com.opencar.car.common.topic.MqttTopic;
import com.opencar.car.support.mqtt.ResumingInboundAdapter;

/**
 * Receives the cars' answers on a shared subscription, with a client of its own (so it
 * subscribes on every connect and receives what its persistent session kept).
 */
@Configuration(proxyBeanMethods = false)
class ResponseConfiguration {

	/**
	 * Sends straight to the handlers' channel, which the flow starts from: a flow built
	 * {@code from(adapter)} makes its endpoints depend on the adapter, so Spring started
	 * the adapter before the handlers subscribed and stopped them before it (see the
	 * ingest service's bridge), and an answer arriving in between was dropped.
	 */
	@Bean
	ResumingInboundAdapter commandResponsesInbound(MqttConnectionOptions mqttConnectionOptions,
			CommandProperties properties, DirectChannel commandResponsesChannel) {
		ResumingInboundAdapter adapter = new ResumingInboundAdapter(mqttConnectionOptions,
				responsesClientId(properties), responsesFilter(properties.delivery().sharedGroup()));
		adapter.setPersistence(new MemoryPersistence());
		adapter.setDisconnectCompletionTimeout(properties.mqtt().disconnectTimeout().toMillis());
		adapter.setManualAcks(true);
		adapter.setQos(1);
		adapter.setPayloadType(byte[].class);
		adapter.setOutputChannel(commandResponsesChannel);
		return adapter;
	}

	/**
	 * On a clean stop, the answers go to the other instances while this one is away, if
	 * one stays subscribed; a plain subscription is never handed over.
	 */
	@Bean
	AnswerSubscribers answerSubscribers(JdbcConnectionDetails database, CommandProperties properties,
			ResumingInboundAdapter commandResponsesInbound) {
		DataSource unpooled = DataSourceBuilder.create()
			.type(SimpleDriverDataSource.class)
			.driverClassName(database.getDriverClassName())
			.url(database.getJdbcUrl())
			.username(database.getUsername())
			.password(database.getPassword())
			.build();
		AnswerSubscribers subscribers = new AnswerSubscribers(unpooled, commandResponsesInbound,
				responsesClientId(properties));
		if (!properties.delivery().sharedGroup().isBlank()) {
			commandResponsesInbound.setHandOver(subscribers);
		}
		return subscribers;
	}

	private static String responsesClientId(CommandProperties properties) {
		return properties.mqtt().clientId() + "-responses";
	}

	/**
	 * A shared subscription, so instances split the answers; an empty group gives a plain
	 * subscription, for a single instance on a broker whose shared subscriptions are not
	 * reliable (HiveMQ CE 2025.5, see the README).
	 */
	static String responsesFilter(String sharedGroup) {
		return sharedGroup.isBlank() ? MqttTopic.COMMAND_RESPONSES.filter()
				: "$share/" + sharedGroup + "/" + MqttTopic.COMMAND_RESPONSES.filter();
	}

	/**
	 * Where the answers arrive; {@link CommandResponses} queues them at once, by car, and
	 * applies them in batches on its own threads.
	 */
	@Bean
	DirectChannel commandResponsesChannel() {
		return new DirectChannel();
	}

	@Bean
	IntegrationFlow commandResponsesFlow(DirectChannel commandResponsesChannel, CommandResponses responses) {
		return IntegrationFlow.from(commandResponsesChannel)
			.handle(responses, "receive", (endpoint) -> endpoint.id("commandResponseHandler"))
			.get();
	}

}
