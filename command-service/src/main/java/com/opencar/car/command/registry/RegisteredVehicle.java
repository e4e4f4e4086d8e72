package com.opencar.car.command.registry;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import com.opencar.car.common.registry.CredentialsStatus;
import com.opencar.car.common.registry.VehicleRegistration;
import com.opencar.car.common.vehicle.VehicleId;

/**
 * A registered vehicle. Retiring is final: a retired vehicle keeps its fleet (its history
 * stays visible there) but its credentials are revoked and it takes no commands.
 */
@Entity
@Table(name = "vehicle_registry")
class RegisteredVehicle {

	@Id
	private String vin;

	@Column(nullable = false)
	private String fleet;

	private String model;

	@Column(name = "display_name")
	private String displayName;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private CredentialsStatus credentials;

	@Column(nullable = false)
	private boolean retired;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	/** Null until first stored, so a new vehicle is inserted without a lookup. */
	@Version
	private Long version;

	protected RegisteredVehicle() {
	}

	static RegisteredVehicle register(VehicleId vin, String fleet, String model, String displayName, Instant now) {
		RegisteredVehicle vehicle = new RegisteredVehicle();
		vehicle.vin = vin.value();
		vehicle.fleet = fleet;
		vehicle.model = model;
		vehicle.displayName = displayName;
		vehicle.credentials = CredentialsStatus.PENDING;
		vehicle.createdAt = now;
		vehicle.updatedAt = now;
		return vehicle;
	}

	void update(String fleet, String model, String displayName, CredentialsStatus credentials, Instant now) {
		if (this.retired) {
			throw new RetiredVehicleException(vin());
		}
		if (credentials == CredentialsStatus.PENDING && this.credentials != CredentialsStatus.PENDING) {
			throw new IllegalArgumentException("credentials cannot go back to PENDING once " + this.credentials);
		}
		this.fleet = fleet;
		this.model = model;
		this.displayName = displayName;
		this.credentials = credentials;
		this.updatedAt = now;
	}

	void retire(Instant now) {
		if (!this.retired) {
			this.retired = true;
			this.credentials = CredentialsStatus.REVOKED;
			this.updatedAt = now;
		}
	}

	VehicleId vin() {
		return VehicleId.of(this.vin);
	}

	String fleet() {
		return this.fleet;
	}

	String model() {
		return this.model;
	}

	String displayName() {
		return this.displayName;
	}

	CredentialsStatus credentials() {
		return this.credentials;
	}

	boolean retired() {
		return this.retired;
	}

	VehicleRegistration registration() {
		return new VehicleRegistration(vin(), this.fleet, this.model, this.displayName, this.credentials, this.retired,
				this.updatedAt);
	}

}
