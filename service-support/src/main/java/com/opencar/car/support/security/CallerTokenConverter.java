package com.opencar.car.support.security;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Turns a validated JWT into the caller: named by {@code sub}, with the authorities of
 * its {@code roles} claim ({@link Roles#authorities}).
 */
final class CallerTokenConverter implements Converter<Jwt, AbstractAuthenticationToken> {

	@Override
	public AbstractAuthenticationToken convert(Jwt jwt) {
		return new JwtAuthenticationToken(jwt, Roles.authorities(jwt), jwt.getSubject());
	}

}
