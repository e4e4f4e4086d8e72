package com.opencar.car.devissuer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The issuer on a real port: a script's token by client credentials carries the roles,
 * fleets, issuer and audience the services check, signed with the key whose public half
 * the services ship.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.config.name=dev-issuer")
class DevIssuerApplicationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private DevIssuerProperties properties;

	@Test
	void mintsTokensTheServicesAcceptByClientCredentials() throws Exception {
		Map<String, Object> answer = RestClient.create("http://localhost:" + this.port)
			.post()
			.uri("/oauth2/token")
			.header(HttpHeaders.AUTHORIZATION, "Basic " + Base64.getEncoder()
				.encodeToString(("platform-cli:" + this.properties.cliSecret()).getBytes(StandardCharsets.UTF_8)))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body("grant_type=client_credentials")
			.retrieve()
			.body(new ParameterizedTypeReference<>() {
			});
		assertThat(answer).containsKey("access_token");

		// verified with the public key the services trust under the profile dev-issuer
		RSAPublicKey shipped = RsaKeyConverters.x509()
			.convert(Files.newInputStream(
					Path.of("..", "service-support", "src", "main", "resources", "dev-issuer", "public-key.pem")));
		Jwt token = NimbusJwtDecoder.withPublicKey(shipped).build().decode(answer.get("access_token").toString());
		assertThat(token.getIssuer()).hasToString("http://localhost:9000");
		assertThat(token.getAudience()).containsExactly("connected-car");
		assertThat(token.getClaimAsStringList("roles")).containsExactly("admin");
		assertThat(token.getClaimAsStringList("fleets")).containsExactly("*");
		assertThat(token.getHeaders()).containsEntry("kid", DevIssuerKey.KEY_ID);
	}

	@Test
	void publishesItsKeySetAndOpenIdConfiguration() {
		RestClient http = RestClient.create("http://localhost:" + this.port);
		assertThat(http.get().uri("/.well-known/openid-configuration").retrieve().body(String.class))
			.contains("\"issuer\":\"http://localhost:9000\"", "\"jwks_uri\"");
		assertThat(http.get().uri("/oauth2/jwks").retrieve().body(String.class)).contains(DevIssuerKey.KEY_ID)
			.doesNotContain("\"d\":");
	}

}
