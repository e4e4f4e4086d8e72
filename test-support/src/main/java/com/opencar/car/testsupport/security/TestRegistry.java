package com.opencar.car.testsupport.security;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.registry.CredentialsStatus;
import com.opencar.car.common.registry.VehicleRegistration;
import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.common.vehicle.VehicleId;

/**
 * Puts registrations on {@code vehicle.registry.v1} the way the registry does, for the
 * services that only read it.
 */
public final class TestRegistry {

	private static final VehicleJson JSON = new VehicleJson();

	private TestRegistry() {
	}

	/**
	 * Registers the vehicle in the fleet and waits for Kafka's acknowledgement.
	 * @param bootstrapServers the Kafka the service reads
	 * @param vin the vehicle
	 * @param fleet its fleet
	 */
	public static void register(String bootstrapServers, VehicleId vin, String fleet) {
		register(bootstrapServers, List.of(new VehicleRegistration(vin, fleet, "Test model", null,
				CredentialsStatus.ACTIVE, false, Instant.now())));
	}

	/**
	 * Publishes the registrations and waits for Kafka's acknowledgement of each.
	 * @param bootstrapServers the Kafka the service reads
	 * @param registrations what the registry would publish
	 */
	public static void register(String bootstrapServers, List<VehicleRegistration> registrations) {
		VehicleId vin = null;
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringSerializer(),
				new ByteArraySerializer())) {
			List<Future<RecordMetadata>> sent = new ArrayList<>();
			for (VehicleRegistration registration : registrations) {
				sent.add(producer.send(new ProducerRecord<>(KafkaTopic.Names.REGISTRY, registration.vin().value(),
						JSON.write(registration))));
			}
			for (int index = 0; index < sent.size(); index++) {
				vin = registrations.get(index).vin();
				sent.get(index).get(30, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Kafka did not take the registration of " + vin, ex);
		}
	}

}
