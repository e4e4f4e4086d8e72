package com.opencar.car.support.security;

import java.util.List;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Turns a validated JWT into the caller: named by {@code sub}, with a {@code ROLE_}
 * authority for each entry of the {@code roles} claim. Unknown role names grant nothing
 * because no rule asks for them.
 */
final class CallerTokenConverter implements Converter<Jwt, AbstractAuthenticationToken> {

	static final String ROLES_CLAIM = "roles";

	@Override
	public AbstractAuthenticationToken convert(Jwt jwt) {
		List<String> roles = jwt.hasClaim(ROLES_CLAIM) ? jwt.getClaimAsStringList(ROLES_CLAIM) : List.of();
		return new JwtAuthenticationToken(jwt, Roles.authorities(roles), jwt.getSubject());
	}

}
