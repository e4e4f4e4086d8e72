package com.opencar.car.command.api;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The problem details the API answers with (RFC 9457), typed {@code urn:car:problem:*}.
 */
public final class CommandProblem {

	private CommandProblem() {
	}

	public static ProblemDetail of(HttpStatus status, String type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create("urn:car:problem:" + type));
		problem.setTitle(title);
		return problem;
	}

	static ProblemDetail invalid(List<Map<String, String>> errors) {
		ProblemDetail problem = of(HttpStatus.BAD_REQUEST, "invalid-command", "Invalid command",
				"The command has " + errors.size() + " invalid field(s)");
		problem.setProperty("errors", errors);
		return problem;
	}

}
