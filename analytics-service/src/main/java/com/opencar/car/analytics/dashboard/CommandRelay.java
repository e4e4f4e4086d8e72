package com.opencar.car.analytics.dashboard;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import com.opencar.car.analytics.AnalyticsProperties;
import com.opencar.car.common.command.CommandType;

/**
 * Sends the command panel's commands through the command service's API
 * ({@code car.analytics.dashboard.command-service-url}), so the browser needs only this
 * service's origin.
 */
@Component
class CommandRelay {

	/**
	 * The one numeric parameter some commands take, as the command catalogue names it.
	 */
	private static final Map<CommandType, String> PARAMETER = Map.of(CommandType.START_CLIMATE, "targetTemperatureC",
			CommandType.SET_CHARGE_LIMIT, "percent");

	/** The client registration people sign in to the dashboard with. */
	static final String DASHBOARD_REGISTRATION = "dashboard";

	private final RestClient http;

	/**
	 * Commands go out with the signed-in person's access token, so the command service
	 * checks their role and fleets itself.
	 */
	CommandRelay(AnalyticsProperties properties, ClientRegistrationRepository registrations,
			OAuth2AuthorizedClientRepository authorizedClients) {
		DefaultOAuth2AuthorizedClientManager manager = new DefaultOAuth2AuthorizedClientManager(registrations,
				authorizedClients);
		manager.setAuthorizedClientProvider(
				OAuth2AuthorizedClientProviderBuilder.builder().authorizationCode().refreshToken().build());
		OAuth2ClientHttpRequestInterceptor userToken = new OAuth2ClientHttpRequestInterceptor(manager);
		userToken.setClientRegistrationIdResolver((request) -> DASHBOARD_REGISTRATION);
		this.http = RestClient.builder()
			.baseUrl(properties.dashboard().commandServiceUrl())
			.requestInterceptor(userToken)
			.build();
	}

	/**
	 * @param vin the car
	 * @param type the command
	 * @param value the numeric parameter of commands that take one
	 * @return the command service's answer: the command, or its problem details
	 */
	Answer send(String vin, CommandType type, Double value) {
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("type", type.name());
		String parameter = PARAMETER.get(type);
		if (parameter != null && value != null) {
			// a whole number as an integer: the catalogue's integral parameters (a charge
			// limit in percent) refuse 80.0
			boolean whole = value == Math.rint(value) && Math.abs(value) < 1e15;
			request.put("params", Map.of(parameter, whole ? (Object) value.longValue() : value));
		}
		try {
			return this.http.post()
				.uri("/api/v1/vehicles/{vin}/commands", vin)
				.contentType(MediaType.APPLICATION_JSON)
				.body(request)
				.exchange((ask, response) -> new Answer(response.getStatusCode(),
						response.bodyTo(Map.class) instanceof Map<?, ?> body ? body : Map.of()));
		}
		catch (RestClientException ex) {
			return new Answer(HttpStatusCode.valueOf(502),
					Map.of("detail", "The command service could not be reached: " + ex.getMessage()));
		}
	}

	/**
	 * @param vin the car
	 * @param size how many at most
	 * @return its newest commands, as the command service lists them for the signed-in
	 * person, or why they could not be listed
	 */
	Recent recent(String vin, int size) {
		try {
			return this.http.get()
				.uri("/api/v1/vehicles/{vin}/commands?size={size}", vin, size)
				.exchange((ask, response) -> {
					Map<?, ?> body = (response.bodyTo(Map.class) instanceof Map<?, ?> map) ? map : Map.of();
					if (!response.getStatusCode().is2xxSuccessful()) {
						return new Recent(List.of(), "The command service answered " + response.getStatusCode().value()
								+ ((body.get("detail") != null) ? ": " + body.get("detail") : ""));
					}
					List<Map<?, ?>> commands = (body.get("content") instanceof List<?> content)
							? content.stream().filter(Map.class::isInstance).<Map<?, ?>>map(Map.class::cast).toList()
							: List.of();
					return new Recent(commands, null);
				});
		}
		catch (RestClientException ex) {
			return new Recent(List.of(), "The command service could not be reached: " + ex.getMessage());
		}
	}

	/**
	 * @param commands newest first, as the command service shows them
	 * @param problem why there are none to show, or {@code null}
	 */
	record Recent(List<Map<?, ?>> commands, String problem) {

	}

	record Answer(HttpStatusCode status, Map<?, ?> body) {

		boolean accepted() {
			return this.status.is2xxSuccessful();
		}

	}

}
