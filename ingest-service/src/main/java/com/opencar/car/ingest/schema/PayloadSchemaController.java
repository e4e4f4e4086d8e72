package com.opencar.car.ingest.schema;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the JSON Schemas (draft 2020-12) of what cars send and receive at a stable
 * address, {@code /schemas/v1/{name}.schema.json}, without a token: car makers and their
 * test benches validate payloads against them. They are {@code common}'s, the ones the
 * codec's cases are checked against.
 */
@RestController
class PayloadSchemaController {

	static final List<String> NAMES = List.of("telemetry", "event", "status", "command", "command-response");

	private static final MediaType SCHEMA_JSON = MediaType.parseMediaType("application/schema+json");

	@GetMapping("/schemas/v1/{name}.schema.json")
	ResponseEntity<?> schema(@PathVariable String name) throws IOException {
		if (!NAMES.contains(name)) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
					"There is no schema " + name + "; there are " + String.join(", ", NAMES));
			problem.setType(URI.create("urn:car:problem:schema-not-found"));
			problem.setTitle("No such schema");
			return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
		}
		try (InputStream in = new ClassPathResource("schemas/v1/" + name + ".schema.json").getInputStream()) {
			return ResponseEntity.ok()
				.contentType(SCHEMA_JSON)
				.cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePublic())
				.body(in.readAllBytes());
		}
	}

}
