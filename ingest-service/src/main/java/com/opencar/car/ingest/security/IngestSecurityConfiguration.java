package com.opencar.car.ingest.security;

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
 * HTTP telemetry needs the ingest role; the payload schemas are public; anything else is
 * refused. Cars on MQTT are authorized by the broker's per-vehicle ACLs instead.
 */
@Configuration(proxyBeanMethods = false)
@Import({ ApiSecurityConfiguration.class, RegistryViewConfiguration.class })
class IngestSecurityConfiguration {

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http) throws Exception {
		ApiSecurity.bearerTokens(http)
			.authorizeHttpRequests((requests) -> requests.requestMatchers(ApiSecurity.PUBLIC)
				.permitAll()
				.requestMatchers(HttpMethod.GET, "/schemas/v1/*")
				.permitAll()
				.requestMatchers(HttpMethod.POST, "/api/v1/vehicles/*/telemetry")
				.hasRole(Roles.INGEST)
				.anyRequest()
				.denyAll());
		return http.build();
	}

}
