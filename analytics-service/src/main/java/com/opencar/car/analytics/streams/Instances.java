package com.opencar.car.analytics.streams;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreType;

import org.springframework.http.HttpHeaders;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Interactive queries over the instances of the service. Kafka Streams spreads the
 * partitions, and with them each vehicle's state, over the running instances; each
 * instance advertises its HTTP address in {@code application.server}
 * ({@code car.analytics.advertised-address} sets it), so a query for a vehicle another
 * instance owns is forwarded there, and a fleet-wide query adds up every instance's part.
 * Without an advertised address the service assumes it runs alone.
 */
@Component
public class Instances {

	private final StreamsBuilderFactoryBean streams;

	// a forwarded query carries the caller's token: the owning instance checks it again
	private final RestClient http = RestClient.builder().requestInterceptor((request, body, execution) -> {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			String authorization = attributes.getRequest().getHeader(HttpHeaders.AUTHORIZATION);
			if (authorization != null) {
				request.getHeaders().set(HttpHeaders.AUTHORIZATION, authorization);
			}
		}
		return execution.execute(request, body);
	}).build();

	Instances(StreamsBuilderFactoryBean streams) {
		this.streams = streams;
	}

	/**
	 * @param <T> the store's query type
	 * @param name a state store
	 * @param type its type
	 * @return this instance's part of it
	 * @throws InvalidStateStoreException while Kafka Streams is not running or
	 * rebalancing
	 */
	public <T> T localStore(String name, QueryableStoreType<T> type) {
		try {
			return kafkaStreams().store(StoreQueryParameters.fromNameAndType(name, type));
		}
		catch (IllegalStateException ex) {
			throw notRunning(ex);
		}
	}

	/**
	 * @param <T> the answer type
	 * @param store the store holding the key
	 * @param key a VIN
	 * @param path the same query's path on the owning instance
	 * @param type the answer type
	 * @return the owning instance's answer, or empty when this instance owns the key
	 */
	public <T> Optional<T> fromOwner(String store, String key, String path, Class<T> type) {
		HostInfo self = self();
		if (self == null) {
			return Optional.empty();
		}
		KeyQueryMetadata owner;
		try {
			owner = kafkaStreams().queryMetadataForKey(store, key, Serdes.String().serializer());
		}
		catch (IllegalStateException ex) {
			throw notRunning(ex);
		}
		if (owner == null || owner == KeyQueryMetadata.NOT_AVAILABLE) {
			throw new InvalidStateStoreException("No instance holds " + store + " for the key yet");
		}
		if (owner.activeHost().equals(self)) {
			return Optional.empty();
		}
		return Optional.ofNullable(get(owner.activeHost(), path, type));
	}

	/**
	 * @param <T> the answer type
	 * @param store a state store
	 * @param path the query's path on each instance (answering from its local part)
	 * @param type the answer type
	 * @return every other instance's answer
	 */
	public <T> List<T> fromOthers(String store, String path, Class<T> type) {
		HostInfo self = self();
		List<T> answers = new ArrayList<>();
		if (self == null) {
			return answers;
		}
		Collection<StreamsMetadata> all;
		try {
			all = kafkaStreams().streamsMetadataForStore(store);
		}
		catch (IllegalStateException ex) {
			throw notRunning(ex);
		}
		for (StreamsMetadata instance : all) {
			if (!instance.hostInfo().equals(self)) {
				answers.add(get(instance.hostInfo(), path, type));
			}
		}
		return answers;
	}

	private <T> T get(HostInfo host, String path, Class<T> type) {
		return this.http.get().uri("http://" + host.host() + ":" + host.port() + path).retrieve().body(type);
	}

	private HostInfo self() {
		Object server = this.streams.getStreamsConfiguration().get(StreamsConfig.APPLICATION_SERVER_CONFIG);
		return (server != null && !server.toString().isBlank()) ? HostInfo.buildFromEndpoint(server.toString()) : null;
	}

	/** Kafka Streams stopped (or failed): queries answer 503 like during a rebalance. */
	private static InvalidStateStoreException notRunning(IllegalStateException ex) {
		return new InvalidStateStoreException(ex.getMessage(), ex);
	}

	private KafkaStreams kafkaStreams() {
		KafkaStreams kafkaStreams = this.streams.getKafkaStreams();
		if (kafkaStreams == null) {
			throw new InvalidStateStoreException("Kafka Streams is not running");
		}
		return kafkaStreams;
	}

}
