package com.opencar.car.analytics.api;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The problem details the read APIs answer with (RFC 9457), typed
 * {@code urn:car:problem:*}.
 */
public final class ApiProblem {

	private ApiProblem() {
	}

	public static ProblemDetail of(HttpStatus status, String type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create("urn:car:problem:" + type));
		problem.setTitle(title);
		return problem;
	}

}
