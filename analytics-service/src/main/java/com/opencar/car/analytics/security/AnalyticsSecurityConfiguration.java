package com.opencar.car.analytics.security;

import java.util.ArrayList;
import java.util.Collection;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import com.opencar.car.support.registry.RegistryViewConfiguration;
import com.opencar.car.support.security.ApiSecurity;
import com.opencar.car.support.security.ApiSecurityConfiguration;
import com.opencar.car.support.security.Roles;

/**
 * Two ways in. Programs call the read APIs with a bearer token (viewer role); forwarded
 * instance-to-instance queries carry the caller's token. People sign in to the dashboard
 * with OpenID Connect (the registration {@code dashboard}); their session then also opens
 * the read APIs the dashboard's scripts call, and sending a command needs an operator.
 * Either way, only the caller's fleets' vehicles are visible.
 */
@Configuration(proxyBeanMethods = false)
@Import({ ApiSecurityConfiguration.class, RegistryViewConfiguration.class })
class AnalyticsSecurityConfiguration {

	@Bean
	@Order(1)
	SecurityFilterChain apiSecurity(HttpSecurity http) throws Exception {
		RequestMatcher bearerApiCalls = new OrRequestMatcher(
				new AndRequestMatcher(path("/api/**"), new RequestHeaderRequestMatcher(HttpHeaders.AUTHORIZATION)),
				path("/internal/**"), path("/actuator/**"), path("/v3/api-docs"), path("/v3/api-docs/**"),
				path("/swagger-ui.html"), path("/swagger-ui/**"), path("/error"));
		ApiSecurity.bearerTokens(http.securityMatcher(bearerApiCalls))
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
		return http
			.authorizeHttpRequests(
					(requests) -> requests.requestMatchers("/css/**", "/js/**", "/webjars/**", "/favicon.ico")
						.permitAll()
						.requestMatchers(HttpMethod.POST, "/ui/vehicles/*/commands")
						.hasRole(Roles.OPERATOR)
						.requestMatchers(HttpMethod.GET, "/", "/vehicles/*", "/ui/**", "/api/v1/**")
						.hasRole(Roles.VIEWER)
						.anyRequest()
						.denyAll())
			.oauth2Login((login) -> login.userInfoEndpoint((userInfo) -> userInfo.userAuthoritiesMapper(roles())))
			// a script's API call without a session gets 401, not the sign-in page
			.exceptionHandling((exceptions) -> exceptions.defaultAuthenticationEntryPointFor(ApiSecurity.unauthorized(),
					path("/api/**")))
			.build();
	}

	/** The signed-in person's roles, from the {@code roles} claim of the ID token. */
	private static GrantedAuthoritiesMapper roles() {
		return (authorities) -> {
			Collection<GrantedAuthority> mapped = new ArrayList<>(authorities);
			for (GrantedAuthority authority : authorities) {
				if (authority instanceof OidcUserAuthority user) {
					mapped.addAll(Roles.authorities(user.getIdToken()));
				}
			}
			return mapped;
		};
	}

	private static RequestMatcher path(String pattern) {
		return PathPatternRequestMatcher.withDefaults().matcher(pattern);
	}

}
