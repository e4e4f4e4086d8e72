package com.opencar.car.support.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

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
			write(response, "unauthorized", "Unauthorized",
					"A valid bearer token from the configured issuer is required");
		};
	}

	static AccessDeniedHandler forbidden() {
		BearerTokenAccessDeniedHandler challenge = new BearerTokenAccessDeniedHandler();
		return (request, response, ex) -> {
			challenge.handle(request, response, ex);
			write(response, "forbidden", "Forbidden", "The token's roles do not allow this request");
		};
	}

	// every value written is the service's own, none the caller's
	private static void write(HttpServletResponse response, String type, String title, String detail)
			throws IOException {
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		response.getWriter()
			.write("{\"type\":\"urn:car:problem:" + type + "\",\"title\":\"" + title + "\",\"status\":"
					+ response.getStatus() + ",\"detail\":\"" + detail + "\"}");
	}

}
