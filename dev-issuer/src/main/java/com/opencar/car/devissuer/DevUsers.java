package com.opencar.car.devissuer;

import java.util.List;
import java.util.Map;

/**
 * The people who can sign in, all with the password {@code dev}, and what their tokens
 * grant.
 */
final class DevUsers {

	static final String PASSWORD = "dev";

	/** user name → roles and fleets */
	static final Map<String, Grant> USERS = Map.of("admin", new Grant(List.of("admin"), List.of("*")), "operator",
			new Grant(List.of("operator"), List.of("*")), "viewer", new Grant(List.of("viewer"), List.of("*")),
			"fleet-a-operator", new Grant(List.of("operator"), List.of("fleet-a")), "fleet-b-viewer",
			new Grant(List.of("viewer"), List.of("fleet-b")));

	/** The {@code platform-cli} client's grant: tools acting for the platform. */
	static final Grant CLI = new Grant(List.of("admin"), List.of("*"));

	private DevUsers() {
	}

	record Grant(List<String> roles, List<String> fleets) {

	}

}
