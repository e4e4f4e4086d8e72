package com.opencar.car.command.support;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.telemetry.ConnectivityChanged;
import com.opencar.car.common.topic.KafkaTopic;
import com.opencar.car.common.vehicle.VehicleId;

import static org.awaitility.Awaitility.await;

/**
 * What the delivery tests do through the service's API and Kafka.
 */
public final class CommandsApi {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private final RestTestClient client;

	private final KafkaTemplate<String, byte[]> kafka;

	private final VehicleJson json;

	public CommandsApi(RestTestClient client, KafkaTemplate<String, byte[]> kafka, VehicleJson json) {
		this.client = client;
		this.kafka = kafka;
		this.json = json;
	}

	/** Reports the car online or offline on {@code vehicle.connectivity.v1}. */
	public void connectivity(VehicleId vin, boolean online) throws Exception {
		this.kafka
			.send(KafkaTopic.CONNECTIVITY.topicName(), vin.value(),
					this.json.write(new ConnectivityChanged(vin, online, Instant.now())))
			.get();
	}

	/** Creates a command and returns its id. */
	public String create(VehicleId vin, Map<String, Object> body) {
		return create(vin, body, null);
	}

	/**
	 * Creates a command in the caller's trace and returns its id.
	 * @param vin the car
	 * @param body the request
	 * @param traceParent the caller's W3C trace context, or {@code null}
	 * @return the command's id
	 */
	public String create(VehicleId vin, Map<String, Object> body, String traceParent) {
		return String
			.valueOf(this.client.post().uri("/api/v1/vehicles/{vin}/commands", vin.value()).headers((headers) -> {
				if (traceParent != null) {
					headers.set("traceparent", traceParent);
				}
			})
				.contentType(MediaType.APPLICATION_JSON)
				.body(body)
				.exchange()
				.expectStatus()
				.isAccepted()
				.expectBody(Map.class)
				.returnResult()
				.getResponseBody()
				.get("id"));
	}

	@SuppressWarnings("unchecked")
	public Map<String, Object> command(String id) {
		return this.client.get()
			.uri("/api/v1/commands/{id}", id)
			.exchange()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	public String status(String id) {
		return String.valueOf(command(id).get("status"));
	}

	/** The statuses the command went through, oldest first. */
	@SuppressWarnings("unchecked")
	public List<String> statuses(String id) {
		return ((List<Map<String, Object>>) command(id).get("transitions")).stream()
			.map((transition) -> String.valueOf(transition.get("to")))
			.toList();
	}

	public void awaitStatus(String id, String status) {
		await().atMost(PATIENCE).until(() -> status(id), status::equals);
	}

}
