package com.opencar.car.support.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;

/**
 * Writes a problem detail (RFC 9457, typed {@code urn:car:problem:*}) straight to a
 * servlet response, for filters and interceptors that answer before a controller does.
 */
public final class ProblemJson {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ProblemJson() {
	}

	/**
	 * @param response the response, its status already set
	 * @param type the problem type after {@code urn:car:problem:}
	 * @param title the summary
	 * @param detail this occurrence
	 * @param extensions further members, in order
	 * @throws IOException if the response cannot be written
	 */
	public static void write(HttpServletResponse response, String type, String title, String detail,
			Map<String, Object> extensions) throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "urn:car:problem:" + type);
		problem.put("title", title);
		problem.put("status", response.getStatus());
		problem.put("detail", detail);
		problem.putAll(extensions);
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		JSON.writeValue(response.getWriter(), problem);
	}

}
