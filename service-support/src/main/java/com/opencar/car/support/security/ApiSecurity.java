package com.opencar.car.support.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * What every REST service's filter chain has in common; the service adds its own rules
 * for its own paths:
 *
 * <pre class="code">
 * ApiSecurity.bearerTokens(http).authorizeHttpRequests((requests) -&gt; requests
 *     .requestMatchers(ApiSecurity.PUBLIC).permitAll()
 *     .requestMatchers(HttpMethod.POST, "/api/v1/vehicles/&#42;/commands").hasRole(Roles.OPERATOR)
 *     .anyRequest().denyAll());
 * </pre>
 */
public final class ApiSecurity {

	/**
	 * Health for the orchestrator's probes, metrics for the scraper, and the API's own
	 * description: none of them says anything about a vehicle.
	 */
	public static final String[] PUBLIC = { "/actuator/health", "/actuator/health/**", "/actuator/info",
			"/actuator/prometheus", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**", "/error" };

	private ApiSecurity() {
	}

	/**
	 * @return 401 as a problem detail with a bearer challenge, for API paths of a chain
	 * that otherwise sends people to sign in
	 */
	public static AuthenticationEntryPoint unauthorized() {
		return ProblemResponses.unauthorized();
	}

	/**
	 * Stateless bearer-token authentication: no session, no cookies (so no CSRF to guard
	 * against), JWTs validated by the decoder Spring Boot builds from
	 * {@code spring.security.oauth2.resourceserver.jwt.*}, 401 and 403 as problem
	 * details.
	 * @param http the service's filter chain
	 * @return the same, for the service's authorization rules
	 * @throws Exception as {@link HttpSecurity} does
	 */
	public static HttpSecurity bearerTokens(HttpSecurity http) throws Exception {
		// stateless: no session, so nothing to save a request in or log out of
		return http.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.oauth2ResourceServer(
					(server) -> server.jwt((jwt) -> jwt.jwtAuthenticationConverter(new CallerTokenConverter()))
						.authenticationEntryPoint(ProblemResponses.unauthorized())
						.accessDeniedHandler(ProblemResponses.forbidden()))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(ProblemResponses.unauthorized())
				.accessDeniedHandler(ProblemResponses.forbidden()));
	}

}
