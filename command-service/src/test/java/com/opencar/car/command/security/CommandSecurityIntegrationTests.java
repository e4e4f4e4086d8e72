package com.opencar.car.command.security;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import com.opencar.car.command.CommandIntegrationTest;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.testsupport.TestVins;
import com.opencar.car.testsupport.security.ApiCalls;
import com.opencar.car.testsupport.security.DevIssuer;
import com.opencar.car.testsupport.security.ForgedTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint of the command service: 401 without a token, 403 for the wrong role, 404
 * for another fleet's vehicle or command, 2xx for the right caller; and the tokens that
 * must never work. Car B belongs to fleet-b, everything the fleet-a callers may touch to
 * fleet-a.
 */
@CommandIntegrationTest
class CommandSecurityIntegrationTests {

	private static final String HONK = "{\"type\":\"HONK_AND_FLASH\"}";

	private final TestVins vins = TestVins.fresh();

	private final String platform = DevIssuer.platformToken();

	private final String viewerA = DevIssuer.token("viewer-a").roles("viewer").fleets("fleet-a").mint();

	private final String operatorA = DevIssuer.token("operator-a").roles("operator").fleets("fleet-a").mint();

	private final String adminA = DevIssuer.token("admin-a").roles("admin").fleets("fleet-a").mint();

	private final String noRoleA = DevIssuer.token("nobody-a").fleets("fleet-a").mint();

	private ApiCalls api;

	private VehicleId carA;

	private VehicleId carB;

	private String commandA;

	private String commandB;

	@BeforeEach
	void registerTwoFleets(@LocalServerPort int port) {
		this.api = new ApiCalls(port);
		this.carA = register("fleet-a");
		this.carB = register("fleet-b");
		this.commandA = commandId(this.api.call("POST", commands(this.carA), this.platform, HONK));
		this.commandB = commandId(this.api.call("POST", commands(this.carB), this.platform, HONK));
	}

	@Test
	void creatingACommandNeedsAnOperatorOfTheVehiclesFleet() {
		assertThat(this.api.status("POST", commands(this.carA), null, HONK)).isEqualTo(401);
		assertThat(this.api.status("POST", commands(this.carA), this.viewerA, HONK)).isEqualTo(403);
		assertThat(this.api.status("POST", commands(this.carB), this.operatorA, HONK)).isEqualTo(404);
		// an unregistered vehicle is as unknown as another fleet's
		assertThat(this.api.status("POST", commands(this.vins.next()), this.operatorA, HONK)).isEqualTo(404);
		assertThat(this.api.status("POST", commands(this.carA), this.operatorA, HONK)).isEqualTo(202);
	}

	@Test
	void readingCommandsNeedsAViewerOfTheVehiclesFleet() {
		for (String path : new String[] { "/api/v1/commands/" + this.commandA, commands(this.carA) }) {
			assertThat(this.api.status("GET", path, null, null)).as(path).isEqualTo(401);
			assertThat(this.api.status("GET", path, this.noRoleA, null)).as(path).isEqualTo(403);
			assertThat(this.api.status("GET", path, this.viewerA, null)).as(path).isEqualTo(200);
		}
		HttpResponse<String> otherFleets = this.api.call("GET", "/api/v1/commands/" + this.commandB, this.viewerA,
				null);
		assertThat(otherFleets.statusCode()).isEqualTo(404);
		assertThat(otherFleets.body()).contains("urn:car:problem:command-not-found").doesNotContain(this.carB.value());
		assertThat(this.api.status("GET", commands(this.carB), this.viewerA, null)).isEqualTo(404);
	}

	@Test
	void cancellingNeedsAnOperatorAndStreamingEventsAViewerOfTheVehiclesFleet() {
		String cancel = "/api/v1/commands/" + this.commandA;
		assertThat(this.api.status("DELETE", cancel, null, null)).isEqualTo(401);
		assertThat(this.api.status("DELETE", cancel, this.viewerA, null)).isEqualTo(403);
		assertThat(this.api.status("DELETE", "/api/v1/commands/" + this.commandB, this.operatorA, null)).isEqualTo(404);
		assertThat(this.api.status("GET", "/api/v1/commands/" + this.commandB, this.platform, null)).isEqualTo(200);
		assertThat(this.api.call("GET", "/api/v1/commands/" + this.commandB, this.platform, null).body())
			.contains("\"status\":\"QUEUED\"");
		assertThat(this.api.status("DELETE", cancel, this.operatorA, null)).isEqualTo(200);

		// the cancelled command's stream ends after its history
		String events = cancel + "/events";
		assertThat(this.api.status("GET", events, null, null)).isEqualTo(401);
		assertThat(this.api.status("GET", events, this.noRoleA, null)).isEqualTo(403);
		assertThat(this.api.status("GET", "/api/v1/commands/" + this.commandB + "/events", this.viewerA, null))
			.isEqualTo(404);
		HttpResponse<String> stream = this.api.call("GET", events, this.viewerA, null);
		assertThat(stream.statusCode()).isEqualTo(200);
		assertThat(stream.body()).contains("CANCELLED");
	}

	@Test
	void theRegistryIsForAdminsOfTheFleet() {
		String registry = "/api/v1/registry/vehicles";
		VehicleId newCar = this.vins.next();
		String intoA = registration(newCar, "fleet-a");
		assertThat(this.api.status("POST", registry, null, intoA)).isEqualTo(401);
		assertThat(this.api.status("POST", registry, this.operatorA, intoA)).isEqualTo(403);
		assertThat(this.api.call("POST", registry, this.adminA, registration(newCar, "fleet-b")).body())
			.contains("urn:car:problem:fleet-forbidden");
		assertThat(this.api.status("POST", registry, this.adminA, intoA)).isEqualTo(201);

		assertThat(this.api.status("GET", registry + "/" + this.carB, this.adminA, null)).isEqualTo(404);
		assertThat(this.api.status("GET", registry + "/" + this.carA, this.adminA, null)).isEqualTo(200);
		String listed = this.api.call("GET", registry + "?size=500", this.adminA, null).body();
		assertThat(listed).contains(this.carA.value(), newCar.value()).doesNotContain(this.carB.value());

		String update = "{\"fleet\":\"fleet-a\",\"model\":\"Model Y\",\"displayName\":\"Van 7\",\"credentials\":\"ACTIVE\"}";
		assertThat(this.api.status("PUT", registry + "/" + this.carB, this.adminA, update)).isEqualTo(404);
		assertThat(this.api.call("PUT", registry + "/" + newCar, this.adminA, update).body())
			.contains("\"displayName\":\"Van 7\"", "\"credentials\":\"ACTIVE\"");
		String moveToB = update.replace("fleet-a", "fleet-b");
		assertThat(this.api.status("PUT", registry + "/" + newCar, this.adminA, moveToB)).isEqualTo(403);

		assertThat(this.api.status("DELETE", registry + "/" + this.carB, this.adminA, null)).isEqualTo(404);
		assertThat(this.api.call("DELETE", registry + "/" + newCar, this.adminA, null).body())
			.contains("\"retired\":true", "\"credentials\":\"REVOKED\"");
		// a retired car takes no commands, and its registration no changes
		assertThat(this.api.call("POST", commands(newCar), this.operatorA, HONK).body())
			.contains("urn:car:problem:vehicle-retired");
		assertThat(this.api.status("PUT", registry + "/" + newCar, this.adminA, update)).isEqualTo(409);
	}

	@Test
	void refusesEveryTokenThatIsWrongInAnyWay() {
		DevIssuer.Token valid = DevIssuer.token("viewer-a").roles("viewer").fleets("fleet-a");
		assertThat(this.api.status("GET", commands(this.carA), valid.mint(), null)).isEqualTo(200);
		ForgedTokens.of(valid).forEach((what, token) -> {
			HttpResponse<String> response = this.api.call("GET", commands(this.carA), token, null);
			assertThat(response.statusCode()).as(what).isEqualTo(401);
			assertThat(response.headers().firstValue("WWW-Authenticate")).as(what)
				.hasValueSatisfying(
						(challenge) -> assertThat(challenge).startsWith("Bearer").contains("invalid_token"));
			assertThat(response.body()).as(what).contains("urn:car:problem:unauthorized");
		});
	}

	private VehicleId register(String fleet) {
		VehicleId vin = this.vins.next();
		assertThat(this.api.status("POST", "/api/v1/registry/vehicles", this.platform, registration(vin, fleet)))
			.isEqualTo(201);
		return vin;
	}

	private static String registration(VehicleId vin, String fleet) {
		return "{\"vin\":\"" + vin + "\",\"fleet\":\"" + fleet + "\",\"model\":\"e-Transit\"}";
	}

	private static String commands(VehicleId vin) {
		return "/api/v1/vehicles/" + vin + "/commands";
	}

	private static String commandId(HttpResponse<String> created) {
		assertThat(created.statusCode()).isEqualTo(202);
		return created.body().replaceAll(".*\"id\":\"([0-9a-f-]{36})\".*", "$1");
	}

}
