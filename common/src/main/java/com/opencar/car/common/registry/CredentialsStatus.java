package com.opencar.car.common.registry;

/**
 * Whether a vehicle's broker credentials are to be accepted. The registry records it; the
 * broker's credential store (password file, EMQX authentication) follows it.
 */
public enum CredentialsStatus {

	/** Registered; credentials not yet handed to the car. */
	PENDING,

	/** The car holds its credentials and may connect. */
	ACTIVE,

	/** Withdrawn: the car must not connect any more. */
	REVOKED

}
