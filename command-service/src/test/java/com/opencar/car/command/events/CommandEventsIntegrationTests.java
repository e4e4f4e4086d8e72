package com.opencar.car.command.events;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.opencar.car.command.CommandIntegrationTest;
import com.opencar.car.command.support.CommandsApi;
import com.opencar.car.command.support.TestCar;
import com.opencar.car.common.vehicle.VehicleId;
import com.opencar.car.testsupport.TestMqttBroker;
import com.opencar.car.testsupport.TestVins;
import com.opencar.car.testsupport.security.DevIssuer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /api/v1/commands/{id}/events}: a browser's {@code EventSource} view of a
 * command, read here over plain HTTP as a browser would.
 */
@CommandIntegrationTest
class CommandEventsIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private final TestVins vins = TestVins.fresh();

	private final HttpClient http = HttpClient.newHttpClient();

	@Autowired
	private CommandsApi api;

	@LocalServerPort
	private int port;

	@Test
	void streamsEachTransitionAsItHappensAndEndsWithTheOutcome(TestMqttBroker broker) throws Exception {
		VehicleId vin = this.vins.next();
		String id = this.api.create(vin, Map.of("type", "LOCK_DOORS"));
		// the car is offline: the stream shows QUEUED and waits
		EventStream stream = EventStream.open(this.http, events(id), null);
		await().atMost(PATIENCE).until(() -> stream.statuses().equals(List.of("QUEUED")));
		assertThat(stream.ended()).isFalse();

		try (TestCar car = TestCar.connect(broker, vin, "RECEIVED", "SUCCEEDED")) {
			this.api.connectivity(vin, true);
			await().atMost(PATIENCE).until(stream::ended);
		}
		assertThat(stream.statuses()).containsExactly("QUEUED", "SENT", "DELIVERED", "SUCCEEDED");
		assertThat(stream.events()).allSatisfy((event) -> {
			assertThat(event.name()).isEqualTo("transition");
			assertThat(event.data()).contains("\"commandId\":\"" + id + "\"");
		});
		assertThat(stream.events()).extracting(Event::id).isSorted().doesNotHaveDuplicates();

		// a client that reconnects with the last id it saw gets only what came after
		EventStream resumed = EventStream.open(this.http, events(id), stream.events().get(1).id());
		await().atMost(PATIENCE).until(resumed::ended);
		assertThat(resumed.statuses()).containsExactly("DELIVERED", "SUCCEEDED");
	}

	@Test
	void anUnknownCommandIsNotFoundAsProblemDetails() throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(events(UUID.randomUUID().toString()))
			.header("Accept", "text/event-stream")
			.header("Authorization", "Bearer " + DevIssuer.platformToken())
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.body()).contains("\"title\":\"No such command\"");
	}

	private URI events(String id) {
		return URI.create("http://localhost:" + this.port + "/api/v1/commands/" + id + "/events");
	}

	record Event(long id, String name, String data) {

	}

	/** Reads a server-sent event stream in the background. */
	static final class EventStream {

		private final List<Event> events = new CopyOnWriteArrayList<>();

		private volatile CompletableFuture<?> reading;

		static EventStream open(HttpClient http, URI uri, Long lastEventId) {
			HttpRequest.Builder request = HttpRequest.newBuilder(uri)
				.header("Accept", "text/event-stream")
				.header("Authorization", "Bearer " + DevIssuer.platformToken());
			if (lastEventId != null) {
				request.header("Last-Event-ID", Long.toString(lastEventId));
			}
			EventStream stream = new EventStream();
			stream.reading = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines())
				.thenAccept((response) -> {
					assertThat(response.statusCode()).isEqualTo(200);
					List<String> lines = new ArrayList<>();
					response.body().forEach((line) -> {
						if (line.isEmpty()) {
							stream.add(lines);
							lines.clear();
						}
						else {
							lines.add(line);
						}
					});
				});
			return stream;
		}

		private void add(List<String> lines) {
			long id = 0;
			String name = null;
			StringBuilder data = new StringBuilder();
			for (String line : lines) {
				if (line.startsWith("id:")) {
					id = Long.parseLong(line.substring(3).trim());
				}
				else if (line.startsWith("event:")) {
					name = line.substring(6).trim();
				}
				else if (line.startsWith("data:")) {
					data.append(line.substring(5));
				}
			}
			this.events.add(new Event(id, name, data.toString()));
		}

		List<Event> events() {
			return this.events;
		}

		List<String> statuses() {
			return this.events.stream()
				.map((event) -> event.data().replaceAll(".*\"to\":\"([A-Z_]+)\".*", "$1"))
				.toList();
		}

		boolean ended() {
			return this.reading.isDone() && !this.reading.isCompletedExceptionally();
		}

	}

}
