package com.opencar.car.support.security;

import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;

/**
 * The roles a token's {@code roles} claim may grant (lower case in the token). An
 * operator can do what a viewer can; an admin can do everything.
 */
public final class Roles {

	/** Reads vehicle state, history, alerts and commands. */
	public static final String VIEWER = "VIEWER";

	/** Sends and cancels commands. */
	public static final String OPERATOR = "OPERATOR";

	/** Submits telemetry over HTTP for its fleets' vehicles (gateways, back ends). */
	public static final String INGEST = "INGEST";

	/** Registers, updates and retires vehicles. */
	public static final String ADMIN = "ADMIN";

	private Roles() {
	}

	static RoleHierarchy hierarchy() {
		return RoleHierarchyImpl.withDefaultRolePrefix()
			.role(ADMIN)
			.implies(OPERATOR, INGEST)
			.role(OPERATOR)
			.implies(VIEWER)
			.build();
	}

}
