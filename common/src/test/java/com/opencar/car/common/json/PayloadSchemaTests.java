package com.opencar.car.common.json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.opencar.car.common.command.CommandId;
import com.opencar.car.common.command.CommandResponse;
import com.opencar.car.common.command.CommandResponseStatus;
import com.opencar.car.common.command.CommandType;
import com.opencar.car.common.command.VehicleCommand;
import com.opencar.car.common.signal.SignalType;
import com.opencar.car.common.signal.VssSignal;
import com.opencar.car.common.telemetry.ConnectivityChanged;
import com.opencar.car.common.telemetry.TelemetryReported;
import com.opencar.car.common.telemetry.VehicleEventReported;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON Schemas (draft 2020-12) of the cars' payloads in {@code schemas/v1}, through
 * networknt's validator with format assertions on, reach the codec's verdict on every
 * case of the codec's tests ({@link PayloadCases}).
 * <p>
 * A schema describes a parsed JSON document, so a payload is first read as plain JSON
 * with unique member names and at most 16 levels of nesting, as the schemas' descriptions
 * say; and the one rule the topic tells, that a payload's {@code vin} is the topic's, is
 * checked beside the schema, as ingest does.
 */
class PayloadSchemaTests {

	private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
			(builder) -> builder
				.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

	/** Plain JSON, as the schemas' descriptions define the form. */
	private static final JsonMapper PLAIN = JsonMapper
		.builder(JsonFactory.builder()
			.streamReadConstraints(
					StreamReadConstraints.builder().maxNestingDepth(VehicleJson.DEFAULT_MAX_NESTING_DEPTH).build())
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.build())
		.build();

	private final VehicleJson json = new VehicleJson();

	@ParameterizedTest(name = "{0}")
	@MethodSource("com.opencar.car.common.json.PayloadCases#all")
	void reachesTheCodecsVerdict(String name, String kind, String payload, boolean accepted) {
		byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
		assertThat(codecAccepts(this.json, kind, bytes)).as("the codec").isEqualTo(accepted);
		assertThat(schemaAccepts(kind, bytes)).as("the schema " + kind).isEqualTo(accepted);
	}

	@Test
	void describesWhatThePlatformWritesForCars() {
		VehicleCommand command = new VehicleCommand(CommandId.random(), CommandType.SET_CHARGE_LIMIT,
				Map.of("percent", 80), Instant.parse("2026-11-22T10:20:30Z"));
		assertThat(errors("command", this.json.write(command))).isEmpty();
		assertThat(errors("command", "{\"commandId\":\"x\",\"type\":\"LOCK_DOORS\",\"expiresAt\":\"soon\"}"
			.getBytes(StandardCharsets.UTF_8))).hasSize(2);
		Instant ts = Instant.parse("2026-11-22T10:15:30.120Z");
		assertThat(errors("telemetry",
				this.json.write(new TelemetryReported(PayloadCases.VIN, 1, ts, Map.of("Vehicle.Speed", 87.5)))))
			.isEmpty();
		assertThat(errors("event",
				this.json.write(
						new VehicleEventReported(PayloadCases.VIN, 2, ts, "DTC", Map.of("codes", List.of("P0420"))))))
			.isEmpty();
		assertThat(errors("status", this.json.write(new ConnectivityChanged(PayloadCases.VIN, true, ts)))).isEmpty();
		assertThat(errors("command-response",
				this.json.write(new CommandResponse(CommandId.random(), CommandResponseStatus.REJECTED, "parked", ts))))
			.isEmpty();
	}

	/** The schema's known signals are the catalogue's, with its types and ranges. */
	@Test
	void knowsTheCataloguesSignals() {
		JsonNode known = schema("telemetry").path("properties").path("signals").path("properties");
		Map<String, String> inSchema = new TreeMap<>();
		known.properties().forEach((signal) -> inSchema.put(signal.getKey(), describe(signal.getValue())));
		Map<String, String> inCatalogue = new TreeMap<>();
		for (VssSignal signal : VssSignal.values()) {
			inCatalogue.put(signal.path(), describe(signal));
		}
		assertThat(inSchema).isEqualTo(inCatalogue);
		Set<String> types = EnumSet.allOf(CommandType.class)
			.stream()
			.map(Enum::name)
			.collect(java.util.stream.Collectors.toSet());
		assertThat(schema("command").path("properties").path("type").path("enum").valueStream().map(JsonNode::asString))
			.containsExactlyInAnyOrderElementsOf(types);
	}

	private static String describe(JsonNode signal) {
		return switch (signal.path("type").asString()) {
			case "number" -> "number " + signal.path("minimum").asDouble() + ".." + signal.path("maximum").asDouble();
			case "string" -> "string " + signal.path("enum").valueStream().map(JsonNode::asString).toList();
			default -> signal.path("type").asString();
		};
	}

	private static String describe(VssSignal signal) {
		if (!signal.allowed().isEmpty()) {
			return "string " + signal.allowed().stream().toList();
		}
		return (signal.type() == SignalType.NUMBER) ? "number " + signal.min() + ".." + signal.max()
				: signal.type().name().toLowerCase(java.util.Locale.ROOT);
	}

	static boolean codecAccepts(VehicleJson json, String kind, byte[] payload) {
		try {
			switch (kind) {
				case "telemetry" -> json.readTelemetry(payload, PayloadCases.VIN);
				case "event" -> json.readEvent(payload, PayloadCases.VIN);
				case "status" -> json.readStatus(payload, PayloadCases.VIN);
				case "command-response" -> json.readCommandResponse(payload);
				default -> throw new IllegalArgumentException(kind);
			}
			return true;
		}
		catch (InvalidPayloadException ex) {
			return false;
		}
	}

	private static boolean schemaAccepts(String kind, byte[] payload) {
		JsonNode document;
		try {
			document = PLAIN.readTree(payload);
		}
		catch (JacksonException ex) {
			return false;
		}
		if (document == null || document.isMissingNode()) {
			return false;
		}
		boolean topicsVin = !document.path("vin").isString()
				|| document.path("vin").asString().equals(PayloadCases.VIN.value());
		return topicsVin && load(kind).validate(document).isEmpty();
	}

	private static List<Error> errors(String kind, byte[] payload) {
		return load(kind).validate(PLAIN.readTree(payload));
	}

	private static Schema load(String kind) {
		try (InputStream in = resource(kind)) {
			return SCHEMAS.getSchema(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static JsonNode schema(String kind) {
		try (InputStream in = resource(kind)) {
			return PLAIN.readTree(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static InputStream resource(String kind) {
		InputStream in = PayloadSchemaTests.class.getResourceAsStream("/schemas/v1/" + kind + ".schema.json");
		assertThat(in).as("schemas/v1/%s.schema.json", kind).isNotNull();
		return in;
	}

}
