package com.opencar.car.support.security;

import java.util.Map;

import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import com.opencar.car.support.web.ProblemJson;

/**
 * 401 and 403 as problem details (RFC 9457), after Spring Security's bearer-token
 * handlers have set the status and the {@code WWW-Authenticate} challenge (RFC 6750).
 */
final class ProblemResponses {

	private ProblemResponses() {
	}

	static AuthenticationEntryPoint unauthorized() {
		BearerTokenAuthenticationEntryPoint challenge = new BearerTokenAuthenticationEntryPoint();
		return (request, response, ex) -> {
			challenge.commence(request, response, ex);
			ProblemJson.write(response, "unauthorized", "Unauthorized",
					"A valid bearer token from the configured issuer is required", Map.of());
		};
	}

	static AccessDeniedHandler forbidden() {
		BearerTokenAccessDeniedHandler challenge = new BearerTokenAccessDeniedHandler();
		return (request, response, ex) -> {
			challenge.handle(request, response, ex);
			ProblemJson.write(response, "forbidden", "Forbidden", "The token's roles do not allow this request",
					Map.of());
		};
	}

}
