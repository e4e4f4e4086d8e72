package com.opencar.car.support.security;

import java.util.List;
import java.util.Set;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.ClaimAccessor;

/**
 * The fleets a caller may see, from the {@code fleets} claim of its bearer token or, for
 * a person signed in to the dashboard, of its ID token. The entry {@code "*"} stands for
 * every fleet, registered or not: for the platform's own operators and tools, never for a
 * fleet's users.
 *
 * @param everyFleet whether the caller sees every vehicle
 * @param fleets the fleets named in the token
 */
public record FleetScope(boolean everyFleet, Set<String> fleets) {

	static final String FLEETS_CLAIM = "fleets";

	static final String EVERY_FLEET = "*";

	static final FleetScope NONE = new FleetScope(false, Set.of());

	public FleetScope {
		fleets = Set.copyOf(fleets);
	}

	/**
	 * @param authentication the caller, or {@code null}
	 * @return what the caller's token grants; nothing for any other kind of caller
	 */
	public static FleetScope of(Authentication authentication) {
		// a bearer token's claims (Jwt) or a signed-in user's ID token claims (OidcUser)
		if (authentication == null || !(authentication.getPrincipal() instanceof ClaimAccessor claims)
				|| !claims.hasClaim(FLEETS_CLAIM)) {
			return NONE;
		}
		List<String> fleets = claims.getClaimAsStringList(FLEETS_CLAIM);
		return new FleetScope(fleets.contains(EVERY_FLEET), Set.copyOf(fleets));
	}

	public boolean includes(String fleet) {
		return this.everyFleet || this.fleets.contains(fleet);
	}

}
