package com.opencar.car.command.registry;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.registry.CredentialsStatus;
import com.opencar.car.common.registry.VehicleRegistration;
import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.support.registry.RegistryTopicView;

/**
 * The registry's use cases. Each change is stored and published to
 * {@code vehicle.registry.v1} in one transaction: if Kafka does not acknowledge the
 * record, the change is rolled back and the caller told to retry, so the topic the other
 * services read never misses a change the registry made. The per-request checks of this
 * service read the topic's view like every other service (memory, not a query per
 * request); a change made here is put into that view at once.
 */
@Service
public class Registry {

	private static final long PUBLISH_TIMEOUT_SECONDS = 10;

	private final RegisteredVehicles vehicles;

	private final KafkaTemplate<String, byte[]> kafka;

	private final VehicleJson json;

	private final Clock clock;

	private final RegistryTopicView view;

	Registry(RegisteredVehicles vehicles, KafkaTemplate<String, byte[]> kafka, VehicleJson json, RegistryTopicView view,
			Optional<Clock> clock) {
		this.view = view;
		this.vehicles = vehicles;
		this.kafka = kafka;
		this.json = json;
		this.clock = clock.orElse(Clock.systemUTC());
	}

	@Transactional
	VehicleRegistration register(VehicleId vin, String fleet, String model, String displayName) {
		if (this.vehicles.existsById(vin.value())) {
			throw new AlreadyRegisteredException(vin);
		}
		return publish(this.vehicles
			.saveAndFlush(RegisteredVehicle.register(vin, fleet, model, displayName, this.clock.instant())));
	}

	@Transactional
	Optional<VehicleRegistration> update(VehicleId vin, String fleet, String model, String displayName,
			CredentialsStatus credentials) {
		return this.vehicles.findById(vin.value()).map((vehicle) -> {
			vehicle.update(fleet, model, displayName, credentials, this.clock.instant());
			return publish(this.vehicles.saveAndFlush(vehicle));
		});
	}

	@Transactional
	Optional<VehicleRegistration> retire(VehicleId vin) {
		return this.vehicles.findById(vin.value()).map((vehicle) -> {
			vehicle.retire(this.clock.instant());
			return publish(this.vehicles.saveAndFlush(vehicle));
		});
	}

	@Transactional(readOnly = true)
	Page<VehicleRegistration> list(Optional<Set<String>> fleets, Pageable page) {
		return fleets.map((names) -> this.vehicles.findByFleetInOrderByVin(names, page))
			.orElseGet(() -> this.vehicles.findAllByOrderByVin(page))
			.map(RegisteredVehicle::registration);
	}

	@Transactional(readOnly = true)
	Optional<VehicleRegistration> find(VehicleId vin) {
		return this.vehicles.findById(vin.value()).map(RegisteredVehicle::registration);
	}

	private VehicleRegistration publish(RegisteredVehicle vehicle) {
		VehicleRegistration registration = vehicle.registration();
		try {
			this.kafka.send(KafkaTopic.Names.REGISTRY, registration.vin().value(), this.json.write(registration))
				.get(PUBLISH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
			this.view.remember(registration);
			return registration;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RegistryUnavailableException(ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new RegistryUnavailableException(ex);
		}
	}

	/** The vehicle is registered already (in some fleet). */
	static class AlreadyRegisteredException extends RuntimeException {

		AlreadyRegisteredException(VehicleId vin) {
			super("Vehicle " + vin + " is registered already", null, false, false);
		}

	}

	/** Kafka did not take the change; nothing was changed. */
	static class RegistryUnavailableException extends RuntimeException {

		RegistryUnavailableException(Throwable cause) {
			super("The registry topic did not acknowledge the change", cause);
		}

	}

}
