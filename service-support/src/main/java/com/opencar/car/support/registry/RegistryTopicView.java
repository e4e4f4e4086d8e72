package com.opencar.car.support.registry;

import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.MessageListener;

import com.opencar.car.common.json.InvalidPayloadException;
import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.registry.VehicleRegistration;
import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.common.vehicle.VehicleId;

/**
 * The registry as the services see it: every record of the compacted
 * {@code vehicle.registry.v1}, read from the beginning into memory on each start (a group
 * of its own, no committed offsets), then kept up to date. A registration written by the
 * registry is visible here within the consumer's poll latency (at once in the registry's
 * own instance, see {@link #remember}). Lookups are memory reads, so checking every
 * request costs no query.
 */
public class RegistryTopicView implements VehicleDirectory, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RegistryTopicView.class);

	private final Map<VehicleId, VehicleRegistration> vehicles = new ConcurrentHashMap<>();

	private final KafkaMessageListenerContainer<String, byte[]> container;

	private final VehicleJson json = new VehicleJson();

	/**
	 * @param consumerProperties the service's Kafka consumer settings (servers, TLS,
	 * credentials); group, offsets and deserializers are this view's own
	 */
	public RegistryTopicView(Map<String, Object> consumerProperties) {
		Map<String, Object> properties = new HashMap<>(consumerProperties);
		properties.put(ConsumerConfig.GROUP_ID_CONFIG, "registry-view-" + UUID.randomUUID());
		properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		ContainerProperties container = new ContainerProperties(KafkaTopic.Names.REGISTRY);
		// nothing to commit: every start reads the whole compacted topic again
		container.setAckMode(ContainerProperties.AckMode.MANUAL);
		container.setMessageListener((MessageListener<String, byte[]>) this::apply);
		this.container = new KafkaMessageListenerContainer<>(
				new DefaultKafkaConsumerFactory<>(properties, new StringDeserializer(), new ByteArrayDeserializer()),
				container);
		this.container.setBeanName("registryView");
	}

	/**
	 * Takes a registration the registry has just published, before it comes back from the
	 * topic: the registry's own instance then sees its writes at once.
	 * @param registration the registration Kafka acknowledged
	 */
	public void remember(VehicleRegistration registration) {
		this.vehicles.merge(registration.vin(), registration,
				(known, latest) -> latest.updatedAt().isBefore(known.updatedAt()) ? known : latest);
	}

	private void apply(ConsumerRecord<String, byte[]> record) {
		if (record.value() == null) {
			return;
		}
		try {
			remember(this.json.read(record.value(), VehicleRegistration.class));
		}
		catch (InvalidPayloadException | IllegalArgumentException | NullPointerException ex) {
			logger.warn("Skipped an unreadable registry record at offset " + record.offset() + ": " + ex.getMessage());
		}
	}

	@Override
	public Optional<VehicleRegistration> find(VehicleId vin) {
		return Optional.ofNullable(this.vehicles.get(vin));
	}

	@Override
	public Collection<VehicleId> vehiclesIn(Set<String> fleets) {
		return this.vehicles.values()
			.stream()
			.filter((registration) -> fleets.contains(registration.fleet()))
			.map(VehicleRegistration::vin)
			.toList();
	}

	@Override
	public Collection<VehicleId> named(String text) {
		String wanted = text.toLowerCase(Locale.ROOT);
		return this.vehicles.values()
			.stream()
			.filter((registration) -> registration.displayName() != null
					&& registration.displayName().toLowerCase(Locale.ROOT).contains(wanted))
			.map(VehicleRegistration::vin)
			.toList();
	}

	@Override
	public void start() {
		this.container.start();
	}

	@Override
	public void stop() {
		this.container.stop();
	}

	@Override
	public boolean isRunning() {
		return this.container.isRunning();
	}

}
