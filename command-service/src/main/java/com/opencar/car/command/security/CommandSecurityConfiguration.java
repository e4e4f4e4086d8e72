package com.opencar.car.command.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import com.opencar.car.support.registry.RegistryViewConfiguration;
import com.opencar.car.support.security.ApiSecurity;
import com.opencar.car.support.security.ApiSecurityConfiguration;
import com.opencar.car.support.security.Roles;

/**
 * Viewers read commands, operators send and cancel them, admins keep the registry.
 * Anything not listed is refused.
 */
@Configuration(proxyBeanMethods = false)
@Import({ ApiSecurityConfiguration.class, RegistryViewConfiguration.class })
class CommandSecurityConfiguration {

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http) throws Exception {
		ApiSecurity.bearerTokens(http)
			.authorizeHttpRequests((requests) -> requests.requestMatchers(ApiSecurity.PUBLIC)
				.permitAll()
				.requestMatchers("/api/v1/registry/**")
				.hasRole(Roles.ADMIN)
				.requestMatchers(HttpMethod.POST, "/api/v1/vehicles/*/commands")
				.hasRole(Roles.OPERATOR)
				.requestMatchers(HttpMethod.DELETE, "/api/v1/commands/*")
				.hasRole(Roles.OPERATOR)
				.requestMatchers(HttpMethod.GET, "/api/v1/vehicles/*/commands", "/api/v1/commands/*",
						"/api/v1/commands/*/events")
				.hasRole(Roles.VIEWER)
				.anyRequest()
				.denyAll());
		return http.build();
	}

}
