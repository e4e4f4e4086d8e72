package com.opencar.car.ingest.schema;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import com.opencar.car.ingest.IngestIntegrationTest;

/**
 * The payload schemas at their stable address, for anyone, without a token.
 */
@IngestIntegrationTest
class PayloadSchemaEndpointIntegrationTests {

	@LocalServerPort
	private int port;

	@Test
	void servesEverySchemaWithoutAToken() {
		RestTestClient anonymous = RestTestClient.bindToServer().baseUrl("http://localhost:" + this.port).build();
		for (String name : PayloadSchemaController.NAMES) {
			anonymous.get()
				.uri("/schemas/v1/{name}.schema.json", name)
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.contentType(MediaType.parseMediaType("application/schema+json"))
				.expectBody()
				.jsonPath("$.$schema")
				.isEqualTo("https://json-schema.org/draft/2020-12/schema")
				.jsonPath("$.$id")
				.isEqualTo("urn:car:schema:v1:" + name);
		}
		anonymous.get()
			.uri("/schemas/v1/horn.schema.json")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:car:problem:schema-not-found");
	}

}
