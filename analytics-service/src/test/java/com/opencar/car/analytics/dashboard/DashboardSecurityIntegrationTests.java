package com.opencar.car.analytics.dashboard;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.OidcLoginRequestPostProcessor;
import org.springframework.test.web.servlet.MockMvc;

import com.opencar.car.analytics.AnalyticsIntegrationTest;
import com.opencar.car.analytics.StoreViews;
import com.opencar.car.analytics.TwoFleets;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.testsupport.TestKafka;
import com.opencar.car.testsupport.TestPostgres;
import com.opencar.car.testsupport.TestVins;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oidcLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The dashboard's pages, fragments and command panel for signed-in people: another
 * fleet's vehicle is not found, tables hold only the person's fleets, sending a command
 * needs an operator and the session's CSRF token. (Signing in itself, through the issuer,
 * is {@link DashboardBrowserTests}'.)
 */
@AnalyticsIntegrationTest
class DashboardSecurityIntegrationTests {

	private static StoreViews views;

	private final TestVins vins = TestVins.fresh();

	@Autowired
	private MockMvc mvc;

	private VehicleId carA;

	private VehicleId carB;

	@BeforeAll
	static void createViews(TestPostgres postgres) {
		views = StoreViews.create(postgres);
	}

	@BeforeEach
	void twoFleets(TestKafka kafka) {
		TwoFleets fleets = TwoFleets.seed(views, kafka, this.vins);
		this.carA = fleets.carA();
		this.carB = fleets.carB();
		// the registry reaches this service through Kafka
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> this.mvc.perform(get("/vehicles/" + this.carA).with(person("viewer", "fleet-a")))
				.andExpect(status().isOk()));
	}

	@Test
	void withoutASessionPeopleAreSentToSignIn() throws Exception {
		this.mvc.perform(get("/vehicles/" + this.carA).accept(MediaType.TEXT_HTML))
			.andExpect(status().is3xxRedirection())
			.andExpect(header().string("Location", endsWith("/oauth2/authorization/dashboard")));
	}

	@Test
	void aPersonSeesOnlyTheirFleetsVehicles() throws Exception {
		this.mvc.perform(get("/vehicles/" + this.carB).with(person("viewer", "fleet-a")))
			.andExpect(status().isNotFound());
		this.mvc.perform(get("/ui/vehicles/" + this.carB + "/signals").with(person("viewer", "fleet-a")))
			.andExpect(status().isNotFound());
		this.mvc.perform(get("/ui/fleet/vehicles").with(person("viewer", "fleet-a")))
			.andExpect(content().string(containsString(this.carA.value())))
			.andExpect(content().string(not(containsString(this.carB.value()))));
		// the read APIs the dashboard's scripts call, on the same session
		this.mvc.perform(get("/api/v1/vehicles").with(person("viewer", "fleet-a")))
			.andExpect(content().string(containsString(this.carA.value())))
			.andExpect(content().string(not(containsString(this.carB.value()))));
		this.mvc.perform(get("/api/v1/vehicles/" + this.carB).with(person("viewer", "fleet-a")))
			.andExpect(status().isNotFound());
	}

	@Test
	void sendingACommandNeedsAnOperatorOfTheFleetAndTheSessionsCsrfToken() throws Exception {
		String panel = "/ui/vehicles/" + this.carA + "/commands";
		this.mvc.perform(post(panel).param("type", "LOCK_DOORS").with(person("viewer", "fleet-a")).with(csrf()))
			.andExpect(status().isForbidden());
		this.mvc.perform(post(panel).param("type", "LOCK_DOORS").with(person("operator", "fleet-a")))
			.andExpect(status().isForbidden());
		this.mvc
			.perform(post("/ui/vehicles/" + this.carB + "/commands").param("type", "LOCK_DOORS")
				.with(person("operator", "fleet-a"))
				.with(csrf()))
			.andExpect(status().isNotFound());
	}

	/** Signed in with OpenID Connect, the ID token carrying the role and the fleet. */
	private static OidcLoginRequestPostProcessor person(String role, String fleet) {
		return oidcLogin().idToken((token) -> token.claim("roles", List.of(role)).claim("fleets", List.of(fleet)))
			.authorities(new SimpleGrantedAuthority("ROLE_" + role.toUpperCase(Locale.ROOT)));
	}

}
