package com.opencar.car.analytics.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.web.SecurityFilterChain;

import com.opencar.car.support.registry.RegistryViewConfiguration;
import com.opencar.car.support.security.ApiSecurity;
import com.opencar.car.support.security.ApiSecurityConfiguration;
import com.opencar.car.support.security.Roles;

/**
 * The read APIs, and the instance-to-instance queries they forward (with the caller's
 * token), need a viewer; listings hold only the caller's fleets' vehicles.
 * <p>
 * The dashboard is not yet behind a sign-in: it runs on its own chain, unauthenticated,
 * until it signs in against the configured OpenID Connect provider.
 */
@Configuration(proxyBeanMethods = false)
@Import({ ApiSecurityConfiguration.class, RegistryViewConfiguration.class })
class AnalyticsSecurityConfiguration {

	@Bean
	@Order(1)
	SecurityFilterChain apiSecurity(HttpSecurity http) throws Exception {
		ApiSecurity
			.bearerTokens(http.securityMatcher("/api/**", "/internal/**", "/actuator/**", "/v3/api-docs",
					"/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**", "/error"))
			.authorizeHttpRequests((requests) -> requests.requestMatchers(ApiSecurity.PUBLIC)
				.permitAll()
				.requestMatchers(HttpMethod.GET, "/api/v1/**", "/internal/v1/**")
				.hasRole(Roles.VIEWER)
				.anyRequest()
				.denyAll());
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain dashboardSecurity(HttpSecurity http) throws Exception {
		// no session and no sign-in yet, so nothing for a forged request to ride on
		return http.csrf(AbstractHttpConfigurer::disable)
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.build();
	}

}
