package com.opencar.car.support.security;

import java.util.List;
import java.util.Locale;

import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.ClaimAccessor;

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

	/** The claim, of bearer and ID tokens alike, that lists the holder's roles. */
	static final String CLAIM = "roles";

	/**
	 * @param claims a bearer token's or a signed-in person's ID token's claims
	 * @return a {@code ROLE_} authority for each entry of the {@code roles} claim;
	 * unknown role names grant nothing because no rule asks for them
	 */
	public static List<GrantedAuthority> authorities(ClaimAccessor claims) {
		List<String> roles = claims.hasClaim(CLAIM) ? claims.getClaimAsStringList(CLAIM) : List.of();
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
