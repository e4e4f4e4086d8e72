package com.opencar.car.common.json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.async.ByteArrayFeeder;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

import com.opencar.car.common.command.CommandId;
import com.opencar.car.common.command.CommandResponse;
import com.opencar.car.common.command.CommandResponseStatus;
import com.opencar.car.common.signal.SignalType;
import com.opencar.car.common.signal.VssSignal;
import com.opencar.car.common.telemetry.ConnectivityChanged;
import com.opencar.car.common.telemetry.TelemetryReported;
import com.opencar.car.common.telemetry.VehicleEventReported;
import com.opencar.car.common.vehicle.VehicleId;

/**
 * Reads what cars send, strictly, and writes the platform's records canonically (ISO-8601
 * UTC times, VIN as a string).
 * <p>
 * Car-to-cloud payloads are parsed to a tree and checked field by field, so a rejection
 * names its {@link PayloadViolation} and the field: duplicate keys, trailing tokens, NaN
 * and infinities, excessive nesting and wrong types are all refused. Unknown fields are
 * ignored and unknown signal paths kept, for forward compatibility. Instances are
 * immutable and thread-safe.
 */
public final class VehicleJson {

	/**
	 * Nesting allowed by default: the contract's payloads are two or three levels deep.
	 */
	public static final int DEFAULT_MAX_NESTING_DEPTH = 16;

	private static final int MAX_STRING_LENGTH = 64 * 1024;

	private static final int MAX_NUMBER_LENGTH = 64;

	private final JsonMapper mapper;

	public VehicleJson() {
		this(DEFAULT_MAX_NESTING_DEPTH);
	}

	public VehicleJson(int maxNestingDepth) {
		JsonFactory factory = JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder()
				.maxNestingDepth(maxNestingDepth)
				.maxStringLength(MAX_STRING_LENGTH)
				.maxNumberLength(MAX_NUMBER_LENGTH)
				.build())
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			// Read NaN/Infinity so they are reported as such rather than as "not JSON"
			.enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
			.build();
		this.mapper = JsonMapper.builder(factory)
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			// Untyped integers as Long whichever way a map is read, so records compare
			// equal
			.enable(DeserializationFeature.USE_LONG_FOR_INTS)
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
			.build();
	}

	/**
	 * Writes a record as canonical JSON.
	 * @param message any of the contract's records
	 * @return UTF-8 JSON
	 */
	public byte[] write(Object message) {
		return this.mapper.writeValueAsBytes(message);
	}

	/**
	 * Reads a record the platform itself wrote (from a Kafka topic of the contract).
	 * @param <T> the record type
	 * @param json UTF-8 JSON
	 * @param type the record class
	 * @return the record
	 * @throws InvalidPayloadException if the bytes are not such a record
	 */
	public <T> T read(byte[] json, Class<T> type) {
		JsonNode tree = readObject(json);
		try {
			return this.mapper.treeToValue(tree, type);
		}
		catch (IllegalArgumentException | JacksonException ex) {
			throw new InvalidPayloadException(PayloadViolation.WRONG_TYPE,
					"not a " + type.getSimpleName() + ": " + rootCauseMessage(ex));
		}
	}

	/**
	 * Reads a telemetry payload from {@code vehicles/{vin}/telemetry}.
	 * @param payload the MQTT payload
	 * @param topicVin the VIN the topic names
	 * @return the normalized telemetry, VIN filled in
	 * @throws InvalidPayloadException naming the first violation found
	 */
	public TelemetryReported readTelemetry(byte[] payload, VehicleId topicVin) {
		JsonNode root = readObject(payload);
		checkVin(root, topicVin);
		long seq = seq(root);
		Instant ts = timestamp(root);
		JsonNode signals = requiredField(root, "signals");
		if (!signals.isObject()) {
			throw wrongType("signals", "an object");
		}
		Map<String, Object> values = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> signal : signals.properties()) {
			values.put(signal.getKey(), signalValue(signal.getKey(), signal.getValue()));
		}
		return new TelemetryReported(topicVin, seq, ts, values);
	}

	/**
	 * Reads an event payload from {@code vehicles/{vin}/events}.
	 * @param payload the MQTT payload
	 * @param topicVin the VIN the topic names
	 * @return the normalized event
	 * @throws InvalidPayloadException naming the first violation found
	 */
	public VehicleEventReported readEvent(byte[] payload, VehicleId topicVin) {
		JsonNode root = readObject(payload);
		checkVin(root, topicVin);
		long seq = seq(root);
		Instant ts = timestamp(root);
		String type = requiredString(root, "type");
		if (type.isBlank()) {
			throw new InvalidPayloadException(PayloadViolation.INVALID_VALUE, "type must not be blank");
		}
		JsonNode data = root.get("data");
		Map<String, Object> details = Map.of();
		if (data != null && !data.isNull()) {
			if (!data.isObject()) {
				throw wrongType("data", "an object");
			}
			details = objectValue("data", data);
		}
		return new VehicleEventReported(topicVin, seq, ts, type, details);
	}

	/**
	 * Reads a status payload (or Last Will) from {@code vehicles/{vin}/status}.
	 * @param payload the MQTT payload
	 * @param topicVin the VIN the topic names
	 * @return the connectivity change
	 * @throws InvalidPayloadException naming the first violation found
	 */
	public ConnectivityChanged readStatus(byte[] payload, VehicleId topicVin) {
		JsonNode root = readObject(payload);
		checkVin(root, topicVin);
		JsonNode online = requiredField(root, "online");
		if (!online.isBoolean()) {
			throw wrongType("online", "a boolean");
		}
		return new ConnectivityChanged(topicVin, online.booleanValue(), timestamp(root));
	}

	/**
	 * Reads a car's answer from {@code vehicles/{vin}/command-responses}.
	 * @param payload the MQTT payload
	 * @return the response
	 * @throws InvalidPayloadException naming the first violation found
	 */
	public CommandResponse readCommandResponse(byte[] payload) {
		JsonNode root = readObject(payload);
		String id = requiredString(root, "commandId");
		CommandId commandId;
		try {
			commandId = CommandId.of(id);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidPayloadException(PayloadViolation.INVALID_VALUE, "commandId is not a UUID");
		}
		String status = requiredString(root, "status");
		CommandResponseStatus responseStatus;
		try {
			responseStatus = CommandResponseStatus.valueOf(status);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidPayloadException(PayloadViolation.INVALID_VALUE,
					"status must be one of RECEIVED, SUCCEEDED, FAILED, REJECTED");
		}
		JsonNode reason = root.get("reason");
		if (reason != null && !reason.isNull() && !reason.isString()) {
			throw wrongType("reason", "a string");
		}
		String reasonText = (reason != null && reason.isString()) ? reason.stringValue() : null;
		return new CommandResponse(commandId, responseStatus, reasonText, timestamp(root));
	}

	/**
	 * Parses a timestamp as the contract allows: ISO-8601 (UTC or with offset) or epoch
	 * milliseconds.
	 * @param node the JSON value
	 * @return the instant
	 * @throws InvalidPayloadException if it is neither
	 */
	public static Instant parseTimestamp(JsonNode node) {
		if (node.isString()) {
			try {
				return Instant.parse(node.stringValue());
			}
			catch (DateTimeException ex) {
				throw new InvalidPayloadException(PayloadViolation.INVALID_TIMESTAMP,
						"ts is not ISO-8601: '" + abbreviate(node.stringValue()) + "'");
			}
		}
		if (node.isIntegralNumber()) {
			if (!node.canConvertToLong() || node.longValue() < 0) {
				throw new InvalidPayloadException(PayloadViolation.INVALID_TIMESTAMP,
						"ts is not a valid epoch millisecond value: " + node);
			}
			try {
				return Instant.ofEpochMilli(node.longValue());
			}
			catch (DateTimeException ex) {
				throw new InvalidPayloadException(PayloadViolation.INVALID_TIMESTAMP, "ts is out of range: " + node);
			}
		}
		if (node.isNumber()) {
			checkFinite("ts", node);
			throw wrongType("ts", "an ISO-8601 string or integral epoch milliseconds");
		}
		throw wrongType("ts", "an ISO-8601 string or epoch milliseconds");
	}

	/**
	 * Splits a JSON array into its elements' original bytes, for batch endpoints that
	 * validate each element as if it had arrived alone. A top-level object is returned as
	 * the only element.
	 * @param payload a JSON array or object
	 * @return the elements' bytes, in order
	 * @throws InvalidPayloadException if the payload is not well-formed JSON
	 */
	public List<byte[]> splitArray(byte[] payload) {
		if (payload == null || isBlank(payload)) {
			throw new InvalidPayloadException(PayloadViolation.EMPTY, "payload is empty");
		}
		List<byte[]> elements = new ArrayList<>();
		try (JsonParser parser = this.mapper.createParser(payload)) {
			JsonToken first = parser.nextToken();
			if (first == JsonToken.START_OBJECT) {
				parser.skipChildren();
				requireEnd(parser);
				return List.of(payload);
			}
			if (first != JsonToken.START_ARRAY) {
				throw new InvalidPayloadException(PayloadViolation.NOT_AN_OBJECT, "expected a JSON object or array");
			}
			for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
				if (token == null) {
					throw new InvalidPayloadException(PayloadViolation.TRUNCATED, "JSON array ends early");
				}
				if (token.isStructStart()) {
					int start = (int) parser.currentTokenLocation().getByteOffset();
					parser.skipChildren();
					int end = (int) parser.currentLocation().getByteOffset();
					elements.add(Arrays.copyOfRange(payload, start, end));
				}
				else {
					elements.add(parser.getString().getBytes(StandardCharsets.UTF_8));
				}
			}
			requireEnd(parser);
			return elements;
		}
		catch (JacksonException ex) {
			throw translate(ex);
		}
	}

	/**
	 * Reads a body of one JSON object or an array, counting the array's elements while it
	 * streams, then splits it as {@link #splitArray(byte[])} does. An array with too many
	 * elements is refused as soon as that is known, before the rest is read.
	 * @param body the body, bounded by the caller
	 * @param maxItems elements allowed
	 * @return the elements' bytes, in order
	 * @throws InvalidPayloadException {@code TOO_MANY_ITEMS}, or as
	 * {@link #splitArray(byte[])}
	 * @throws IOException from reading the body
	 */
	public List<byte[]> readArray(InputStream body, int maxItems) throws IOException {
		ByteArrayOutputStream read = new ByteArrayOutputStream();
		byte[] chunk = new byte[8192];
		try (JsonParser parser = this.mapper.tokenStreamFactory()
			.createNonBlockingByteArrayParser(ObjectReadContext.empty())) {
			ByteArrayFeeder feeder = (ByteArrayFeeder) parser.nonBlockingInputFeeder();
			ElementCount count = new ElementCount(maxItems);
			for (int length = body.read(chunk); length != -1; length = body.read(chunk)) {
				read.write(chunk, 0, length);
				// the parser reads the chunk in place: every token of it is taken before
				// the next read
				feeder.feedInput(chunk, 0, length);
				count.take(parser);
			}
			feeder.endOfInput();
			count.take(parser);
		}
		catch (JacksonException ex) {
			throw translate(ex);
		}
		return splitArray(read.toByteArray());
	}

	/** Counts the elements of a top-level array as its tokens come. */
	private static final class ElementCount {

		private final int max;

		private int depth;

		private boolean array;

		private int elements;

		ElementCount(int max) {
			this.max = max;
		}

		void take(JsonParser parser) {
			for (JsonToken token = parser.nextToken(); token != null
					&& token != JsonToken.NOT_AVAILABLE; token = parser.nextToken()) {
				if (this.depth == 0 && token == JsonToken.START_ARRAY) {
					this.array = true;
				}
				else if (this.array && this.depth == 1 && token != JsonToken.END_ARRAY && ++this.elements > this.max) {
					throw new InvalidPayloadException(PayloadViolation.TOO_MANY_ITEMS,
							"more than " + this.max + " items");
				}
				if (token.isStructStart()) {
					this.depth++;
				}
				else if (token.isStructEnd()) {
					this.depth--;
				}
			}
		}

	}

	private static void requireEnd(JsonParser parser) {
		if (parser.nextToken() != null) {
			throw new InvalidPayloadException(PayloadViolation.NOT_JSON, "trailing content after the JSON value");
		}
	}

	private JsonNode readObject(byte[] payload) {
		if (payload == null || isBlank(payload)) {
			throw new InvalidPayloadException(PayloadViolation.EMPTY, "payload is empty");
		}
		JsonNode root;
		try {
			root = this.mapper.readTree(payload);
		}
		catch (JacksonException ex) {
			throw translate(ex);
		}
		if (root == null || root.isMissingNode()) {
			throw new InvalidPayloadException(PayloadViolation.EMPTY, "payload is empty");
		}
		if (!root.isObject()) {
			throw new InvalidPayloadException(PayloadViolation.NOT_AN_OBJECT,
					"expected a JSON object, got " + root.getNodeType().name().toLowerCase(Locale.ROOT));
		}
		return root;
	}

	private static InvalidPayloadException translate(JacksonException ex) {
		// Jackson reports some ends of input (between entries) as a plain
		// StreamReadException
		if (ex instanceof UnexpectedEndOfInputException
				|| String.valueOf(ex.getOriginalMessage()).startsWith("Unexpected end-of-input")) {
			return new InvalidPayloadException(PayloadViolation.TRUNCATED, "JSON ends early: " + firstLine(ex));
		}
		if (ex instanceof InputCoercionException) {
			return new InvalidPayloadException(PayloadViolation.TOO_LARGE, "number out of range: " + firstLine(ex));
		}
		if (ex instanceof StreamConstraintsException) {
			String message = String.valueOf(ex.getOriginalMessage()).toLowerCase(Locale.ROOT);
			PayloadViolation violation = message.contains("depth") ? PayloadViolation.TOO_DEEP
					: PayloadViolation.TOO_LARGE;
			return new InvalidPayloadException(violation, firstLine(ex));
		}
		if (String.valueOf(ex.getOriginalMessage()).startsWith("Duplicate ")) {
			return new InvalidPayloadException(PayloadViolation.DUPLICATE_FIELD, firstLine(ex));
		}
		return new InvalidPayloadException(PayloadViolation.NOT_JSON, firstLine(ex));
	}

	private static void checkVin(JsonNode root, VehicleId topicVin) {
		JsonNode vin = root.get("vin");
		if (vin == null || vin.isNull()) {
			return;
		}
		if (!vin.isString()) {
			throw wrongType("vin", "a string");
		}
		if (!VehicleId.isValid(vin.stringValue())) {
			throw new InvalidPayloadException(PayloadViolation.INVALID_VIN,
					"vin is not a VIN: '" + abbreviate(vin.stringValue()) + "'");
		}
		if (!vin.stringValue().equals(topicVin.value())) {
			throw new InvalidPayloadException(PayloadViolation.VIN_MISMATCH,
					"vin " + vin.stringValue() + " differs from the topic's " + topicVin);
		}
	}

	private static long seq(JsonNode root) {
		JsonNode seq = requiredField(root, "seq");
		if (!seq.isIntegralNumber()) {
			if (seq.isNumber()) {
				checkFinite("seq", seq);
			}
			throw wrongType("seq", "an integer");
		}
		if (!seq.canConvertToLong() || seq.longValue() < 0) {
			throw new InvalidPayloadException(PayloadViolation.NEGATIVE_SEQ, "seq must be >= 0, was " + seq);
		}
		return seq.longValue();
	}

	private static Instant timestamp(JsonNode root) {
		return parseTimestamp(requiredField(root, "ts"));
	}

	private static JsonNode requiredField(JsonNode root, String name) {
		JsonNode value = root.get(name);
		if (value == null || value.isNull()) {
			throw new InvalidPayloadException(PayloadViolation.MISSING_FIELD, name + " is required");
		}
		return value;
	}

	private static String requiredString(JsonNode root, String name) {
		JsonNode value = requiredField(root, name);
		if (!value.isString()) {
			throw wrongType(name, "a string");
		}
		return value.stringValue();
	}

	private static Object signalValue(String path, JsonNode value) {
		if (path.isBlank()) {
			throw new InvalidPayloadException(PayloadViolation.INVALID_VALUE, "signal path must not be blank");
		}
		Object converted = switch (value.getNodeType()) {
			case NUMBER -> number(path, value);
			case BOOLEAN -> value.booleanValue();
			case STRING -> value.stringValue();
			case ARRAY -> arrayOfScalars(path, value);
			default -> throw wrongType("signals." + path, "a number, boolean, string or array of those");
		};
		VssSignal.byPath(path).ifPresent((known) -> checkSignalType(known, value));
		return converted;
	}

	private static void checkSignalType(VssSignal signal, JsonNode value) {
		boolean matches = switch (signal.type()) {
			case NUMBER -> value.isNumber();
			case BOOLEAN -> value.isBoolean();
			case STRING -> value.isString();
		};
		if (!matches) {
			throw wrongType("signals." + signal.path(), "a " + signal.type().name().toLowerCase(Locale.ROOT));
		}
		if (value.isNumber() && !signal.inRange(value.doubleValue())) {
			throw new InvalidPayloadException(PayloadViolation.OUT_OF_RANGE,
					"signals." + signal.path() + " is " + value.asString() + ", outside " + format(signal.min())
							+ " to " + format(signal.max()) + ((signal.unit() != null) ? " " + signal.unit() : ""));
		}
		if (value.isString() && !signal.allows(value.stringValue())) {
			throw new InvalidPayloadException(PayloadViolation.OUT_OF_RANGE, "signals." + signal.path() + " is '"
					+ value.stringValue() + "', not one of " + String.join(", ", signal.allowed()));
		}
	}

	private static String format(double bound) {
		return (bound == Math.rint(bound)) ? Long.toString((long) bound) : Double.toString(bound);
	}

	private static List<Object> arrayOfScalars(String path, JsonNode array) {
		List<Object> values = new ArrayList<>(array.size());
		for (JsonNode element : array) {
			values.add(switch (element.getNodeType()) {
				case NUMBER -> number(path, element);
				case BOOLEAN -> element.booleanValue();
				case STRING -> element.stringValue();
				default -> throw wrongType("signals." + path, "an array of numbers, booleans or strings");
			});
		}
		return values;
	}

	private static Map<String, Object> objectValue(String field, JsonNode object) {
		Map<String, Object> values = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> entry : object.properties()) {
			values.put(entry.getKey(), anyValue(field + "." + entry.getKey(), entry.getValue()));
		}
		return values;
	}

	private static Object anyValue(String field, JsonNode value) {
		return switch (value.getNodeType()) {
			case NUMBER -> number(field, value);
			case BOOLEAN -> value.booleanValue();
			case STRING -> value.stringValue();
			case NULL -> null;
			case ARRAY -> {
				List<Object> values = new ArrayList<>(value.size());
				value.forEach((element) -> values.add(anyValue(field, element)));
				yield values;
			}
			case OBJECT -> objectValue(field, value);
			default -> throw wrongType(field, "a JSON value");
		};
	}

	private static Object number(String field, JsonNode value) {
		if (value.isIntegralNumber() && value.canConvertToLong()) {
			return value.longValue();
		}
		checkFinite(field, value);
		return value.doubleValue();
	}

	private static void checkFinite(String field, JsonNode value) {
		double number = value.doubleValue();
		if (Double.isNaN(number) || Double.isInfinite(number)) {
			throw new InvalidPayloadException(PayloadViolation.NON_FINITE_NUMBER,
					field + " must be a finite number, was " + value);
		}
	}

	private static InvalidPayloadException wrongType(String field, String expected) {
		return new InvalidPayloadException(PayloadViolation.WRONG_TYPE, field + " must be " + expected);
	}

	private static boolean isBlank(byte[] payload) {
		for (byte b : payload) {
			if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
				return false;
			}
		}
		return true;
	}

	private static String firstLine(JacksonException ex) {
		String message = String.valueOf(ex.getOriginalMessage());
		int newline = message.indexOf('\n');
		return abbreviate((newline < 0) ? message : message.substring(0, newline));
	}

	private static String rootCauseMessage(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return (cause instanceof JacksonException jackson) ? firstLine(jackson) : abbreviate(cause.getMessage());
	}

	private static String abbreviate(String text) {
		if (text == null) {
			return "null";
		}
		return (text.length() <= 120) ? text : text.substring(0, 120) + "…";
	}

}
