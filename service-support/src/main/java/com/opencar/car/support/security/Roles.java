package com.opencar.car.support.security;

import java.util.List;
import java.util.Locale;

import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

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

	/**
	 * @param roles role names as a token's {@code roles} claim has them
	 * @return the authorities they grant
	 */
	public static List<GrantedAuthority> authorities(List<String> roles) {
		return roles.stream()
			.map((role) -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + role.toUpperCase(Locale.ROOT)))
			.toList();
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
