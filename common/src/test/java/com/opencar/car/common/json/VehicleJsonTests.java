package com.opencar.car.common.json;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.opencar.car.common.alert.AlertRaised;
import com.opencar.car.common.alert.AlertSeverity;
import com.opencar.car.common.alert.AlertType;
import com.opencar.car.common.command.CommandId;
import com.opencar.car.common.command.CommandResponse;
import com.opencar.car.common.command.CommandResponseStatus;
import com.opencar.car.common.command.CommandStatus;
import com.opencar.car.common.command.CommandTransitioned;
import com.opencar.car.common.command.CommandType;
import com.opencar.car.common.command.VehicleCommand;
import com.opencar.car.common.telemetry.ConnectivityChanged;
import com.opencar.car.common.telemetry.TelemetryReported;
import com.opencar.car.common.telemetry.VehicleEventReported;
import com.opencar.car.common.vehicle.VehicleId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class VehicleJsonTests {

	private static final VehicleId VIN = VehicleId.of("WVWZZZ1JZXW000001");

	private final VehicleJson json = new VehicleJson();

	@Test
	void readsTheContractExample() {
		TelemetryReported telemetry = this.json.readTelemetry(bytes("""
				{"vin":"WVWZZZ1JZXW000001","seq":4711,"ts":"2026-11-22T10:15:30.120Z",
				 "signals":{"Vehicle.Speed":87.5,"Vehicle.CurrentLocation.Latitude":52.5200,
				            "Vehicle.CurrentLocation.Longitude":13.4050,
				            "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current":76.4}}
				"""), VIN);
		assertThat(telemetry.vin()).isEqualTo(VIN);
		assertThat(telemetry.seq()).isEqualTo(4711);
		assertThat(telemetry.ts()).isEqualTo(Instant.parse("2026-11-22T10:15:30.120Z"));
		assertThat(telemetry.signals()).containsEntry("Vehicle.Speed", 87.5)
			.containsEntry("Vehicle.Powertrain.TractionBattery.StateOfCharge.Current", 76.4)
			.hasSize(4);
	}

	@Test
	void fillsInTheVinFromTheTopicAndAcceptsEpochMillis() {
		TelemetryReported telemetry = this.json.readTelemetry(bytes("{\"seq\":0,\"ts\":1795342530120,\"signals\":{}}"),
				VIN);
		assertThat(telemetry.vin()).isEqualTo(VIN);
		assertThat(telemetry.ts()).isEqualTo(Instant.ofEpochMilli(1795342530120L));
		assertThat(telemetry.signals()).isEmpty();
	}

	@Test
	void normalizesTimestampsWithOffsetsToUtc() {
		TelemetryReported telemetry = this.json
			.readTelemetry(bytes("{\"seq\":1,\"ts\":\"2026-11-22T11:15:30+01:00\",\"signals\":{}}"), VIN);
		assertThat(telemetry.ts()).isEqualTo(Instant.parse("2026-11-22T10:15:30Z"));
		assertThat(new String(this.json.write(telemetry), StandardCharsets.UTF_8))
			.contains("\"ts\":\"2026-11-22T10:15:30Z\"")
			.contains("\"vin\":\"WVWZZZ1JZXW000001\"");
	}

	@Test
	void keepsUnknownSignalPathsAndFieldsForForwardCompatibility() {
		TelemetryReported telemetry = this.json.readTelemetry(bytes("""
				{"seq":1,"ts":"2026-11-22T10:15:30Z","firmware":"9.1","signals":{
				 "Vehicle.Exterior.AirTemperature":3,"Vehicle.Cabin.Seat.Occupants":["driver","rear-left"],
				 "Vehicle.Body.Horn.IsActive":false,"Vehicle.LowVoltageSystemState":"ON"}}
				"""), VIN);
		assertThat(telemetry.signals()).containsEntry("Vehicle.Exterior.AirTemperature", 3L)
			.containsEntry("Vehicle.Cabin.Seat.Occupants", List.of("driver", "rear-left"))
			.containsEntry("Vehicle.Body.Horn.IsActive", false)
			.containsEntry("Vehicle.LowVoltageSystemState", "ON");
	}

	static Stream<Arguments> signalsOutsideTheirRange() {
		return Stream.of(arguments("Vehicle.Speed", "500.1"), arguments("Vehicle.Speed", "-100.5"),
				arguments("Vehicle.CurrentLocation.Latitude", "90.000001"),
				arguments("Vehicle.CurrentLocation.Longitude", "-181"),
				arguments("Vehicle.Powertrain.TractionBattery.StateOfCharge.Current", "100.5"),
				arguments("Vehicle.Powertrain.TractionBattery.StateOfCharge.Current", "-1"),
				arguments("Vehicle.Powertrain.Range", "-5"),
				arguments("Vehicle.Chassis.Axle.Row1.Wheel.Left.Tire.Pressure", "25000"),
				arguments("Vehicle.TraveledDistance", "-0.1"));
	}

	@ParameterizedTest(name = "{0} = {1}")
	@MethodSource("signalsOutsideTheirRange")
	void refusesAKnownSignalOutsideItsRange(String path, String value) {
		assertThatExceptionOfType(InvalidPayloadException.class)
			.isThrownBy(() -> this.json
				.readTelemetry(bytes("{\"seq\":1,\"ts\":0,\"signals\":{\"" + path + "\":" + value + "}}"), VIN))
			.satisfies((ex) -> {
				assertThat(ex.violation()).isEqualTo(PayloadViolation.OUT_OF_RANGE);
				assertThat(ex.detail()).startsWith("signals." + path + " is " + value + ", outside ");
			});
	}

	@Test
	void takesTheBoundsOfARangeAndNamesThemWhenRefusing() {
		TelemetryReported bounds = this.json.readTelemetry(
				bytes("""
						{"seq":1,"ts":0,"signals":{"Vehicle.CurrentLocation.Latitude":-90,"Vehicle.CurrentLocation.Longitude":180,
						 "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current":100,"Vehicle.Speed":0}}
						"""),
				VIN);
		assertThat(bounds.signals()).hasSize(4);
		assertThatExceptionOfType(InvalidPayloadException.class)
			.isThrownBy(() -> this.json.readTelemetry(
					bytes("{\"seq\":1,\"ts\":0,\"signals\":{\"Vehicle.CurrentLocation.Latitude\":91}}"), VIN))
			.extracting(InvalidPayloadException::detail)
			.isEqualTo("signals.Vehicle.CurrentLocation.Latitude is 91, outside -90 to 90 degrees");
		assertThatExceptionOfType(InvalidPayloadException.class)
			.isThrownBy(() -> this.json.readTelemetry(
					bytes("{\"seq\":1,\"ts\":0,\"signals\":{\"Vehicle.LowVoltageSystemState\":\"RUN\"}}"), VIN))
			.satisfies((ex) -> {
				assertThat(ex.violation()).isEqualTo(PayloadViolation.OUT_OF_RANGE);
				assertThat(ex.detail()).isEqualTo(
						"signals.Vehicle.LowVoltageSystemState is 'RUN', not one of UNDEFINED, LOCK, OFF, ACC, ON, START");
			});
	}

	@Test
	void keepsAnyValueOfASignalItDoesNotKnow() {
		// OEM overlays extend VSS: an unknown path is checked for its JSON shape only
		TelemetryReported telemetry = this.json.readTelemetry(bytes("""
				{"seq":1,"ts":0,"signals":{"Vehicle.OEM.Brand.BatteryHealth":-5000,"Vehicle.Speedo":9999}}
				"""), VIN);
		assertThat(telemetry.signals()).containsEntry("Vehicle.OEM.Brand.BatteryHealth", -5000L)
			.containsEntry("Vehicle.Speedo", 9999L);
	}

	@Test
	void countsTheItemsOfAStreamedBodyBeforeReadingItWhole() throws Exception {
		byte[] threeThenBroken = bytes("[{\"seq\":1},{\"a\":[1,2,{\"b\":[]}]},7,{\"seq\":");
		// a stream that fails once it is read past the fourth item: the count must stop
		// first
		int failAt = "[{\"seq\":1},{\"a\":[1,2,{\"b\":[]}]},7,{".length() + 1;
		java.io.InputStream body = new java.io.InputStream() {

			private int position;

			@Override
			public int read() {
				if (this.position >= failAt) {
					throw new AssertionError("read past the item that was one too many");
				}
				return (this.position < threeThenBroken.length) ? threeThenBroken[this.position++] : -1;
			}

			@Override
			public int read(byte[] buffer, int offset, int length) {
				// a byte at a time, as a slow network delivers it
				int next = read();
				if (next == -1) {
					return -1;
				}
				buffer[offset] = (byte) next;
				return 1;
			}

		};
		assertThatExceptionOfType(InvalidPayloadException.class).isThrownBy(() -> this.json.readArray(body, 3))
			.extracting(InvalidPayloadException::violation)
			.isEqualTo(PayloadViolation.TOO_MANY_ITEMS);
		assertThat(this.json.readArray(new java.io.ByteArrayInputStream(bytes("[{\"seq\":1},[2],3]")), 3))
			.extracting((element) -> new String(element, StandardCharsets.UTF_8))
			.containsExactly("{\"seq\":1}", "[2]", "3");
		byte[] single = bytes("{\"seq\":1,\"signals\":{\"a\":[1,2,3,4]}}");
		assertThat(this.json.readArray(new java.io.ByteArrayInputStream(single), 1)).containsExactly(single);
		assertThatExceptionOfType(InvalidPayloadException.class)
			.isThrownBy(() -> this.json.readArray(new java.io.ByteArrayInputStream(bytes("[{\"seq\":1},")), 3))
			.extracting(InvalidPayloadException::violation)
			.isEqualTo(PayloadViolation.TRUNCATED);
	}

	static Stream<Arguments> malformedTelemetry() {
		String nested = "{\"seq\":1,\"ts\":0,\"signals\":{},\"x\":" + "[".repeat(100) + "]".repeat(100) + "}";
		return Stream.of(arguments("empty", "", PayloadViolation.EMPTY),
				arguments("white space", "  \n\t ", PayloadViolation.EMPTY),
				arguments("not JSON", "speed=87", PayloadViolation.NOT_JSON),
				arguments("binary", "\u0000\u0001\u0002", PayloadViolation.NOT_JSON),
				arguments("trailing garbage", "{\"seq\":1,\"ts\":0,\"signals\":{}} x", PayloadViolation.NOT_JSON),
				arguments("two documents", "{\"seq\":1,\"ts\":0,\"signals\":{}}{}", PayloadViolation.NOT_JSON),
				arguments("single quotes", "{'seq':1}", PayloadViolation.NOT_JSON),
				arguments("truncated", "{\"seq\":1,\"ts\":0,\"signals\":{\"Vehicle.Speed\":8",
						PayloadViolation.TRUNCATED),
				arguments("truncated between fields", "{\"seq\":1,", PayloadViolation.TRUNCATED),
				arguments("truncated string", "{\"seq\":1,\"ts\":\"2026-11", PayloadViolation.TRUNCATED),
				arguments("array at the top", "[1,2]", PayloadViolation.NOT_AN_OBJECT),
				arguments("string at the top", "\"hello\"", PayloadViolation.NOT_AN_OBJECT),
				arguments("null at the top", "null", PayloadViolation.NOT_AN_OBJECT),
				arguments("duplicate key", "{\"seq\":1,\"seq\":2,\"ts\":0,\"signals\":{}}",
						PayloadViolation.DUPLICATE_FIELD),
				arguments("deeply nested", nested, PayloadViolation.TOO_DEEP),
				arguments("missing seq", "{\"ts\":0,\"signals\":{}}", PayloadViolation.MISSING_FIELD),
				arguments("null seq", "{\"seq\":null,\"ts\":0,\"signals\":{}}", PayloadViolation.MISSING_FIELD),
				arguments("missing ts", "{\"seq\":1,\"signals\":{}}", PayloadViolation.MISSING_FIELD),
				arguments("missing signals", "{\"seq\":1,\"ts\":0}", PayloadViolation.MISSING_FIELD),
				arguments("seq as string", "{\"seq\":\"1\",\"ts\":0,\"signals\":{}}", PayloadViolation.WRONG_TYPE),
				arguments("seq as fraction", "{\"seq\":1.5,\"ts\":0,\"signals\":{}}", PayloadViolation.WRONG_TYPE),
				arguments("negative seq", "{\"seq\":-1,\"ts\":0,\"signals\":{}}", PayloadViolation.NEGATIVE_SEQ),
				arguments("seq beyond long", "{\"seq\":99999999999999999999,\"ts\":0,\"signals\":{}}",
						PayloadViolation.TOO_LARGE),
				arguments("seq NaN", "{\"seq\":NaN,\"ts\":0,\"signals\":{}}", PayloadViolation.NON_FINITE_NUMBER),
				arguments("signals as array", "{\"seq\":1,\"ts\":0,\"signals\":[]}", PayloadViolation.WRONG_TYPE),
				arguments("ts as boolean", "{\"seq\":1,\"ts\":true,\"signals\":{}}", PayloadViolation.WRONG_TYPE),
				arguments("ts not a date", "{\"seq\":1,\"ts\":\"yesterday\",\"signals\":{}}",
						PayloadViolation.INVALID_TIMESTAMP),
				arguments("ts without zone", "{\"seq\":1,\"ts\":\"2026-11-22T10:15:30\",\"signals\":{}}",
						PayloadViolation.INVALID_TIMESTAMP),
				arguments("negative epoch", "{\"seq\":1,\"ts\":-5,\"signals\":{}}", PayloadViolation.INVALID_TIMESTAMP),
				arguments("NaN signal", "{\"seq\":1,\"ts\":0,\"signals\":{\"Vehicle.Speed\":NaN}}",
						PayloadViolation.NON_FINITE_NUMBER),
				arguments("Infinity signal", "{\"seq\":1,\"ts\":0,\"signals\":{\"Vehicle.Speed\":Infinity}}",
						PayloadViolation.NON_FINITE_NUMBER),
				arguments("overflowing signal", "{\"seq\":1,\"ts\":0,\"signals\":{\"Vehicle.Speed\":1e400}}",
						PayloadViolation.NON_FINITE_NUMBER),
				arguments("known signal of wrong type", "{\"seq\":1,\"ts\":0,\"signals\":{\"Vehicle.Speed\":\"fast\"}}",
						PayloadViolation.WRONG_TYPE),
				arguments("boolean signal as number",
						"{\"seq\":1,\"ts\":0,\"signals\":{\"Vehicle.Cabin.Door.Row1.DriverSide.IsLocked\":1}}",
						PayloadViolation.WRONG_TYPE),
				arguments("object signal", "{\"seq\":1,\"ts\":0,\"signals\":{\"Vehicle.X\":{\"a\":1}}}",
						PayloadViolation.WRONG_TYPE),
				arguments("null signal", "{\"seq\":1,\"ts\":0,\"signals\":{\"Vehicle.X\":null}}",
						PayloadViolation.WRONG_TYPE),
				arguments("blank signal path", "{\"seq\":1,\"ts\":0,\"signals\":{\" \":1}}",
						PayloadViolation.INVALID_VALUE),
				arguments("vin not a string", "{\"vin\":42,\"seq\":1,\"ts\":0,\"signals\":{}}",
						PayloadViolation.WRONG_TYPE),
				arguments("bad vin", "{\"vin\":\"WVWZZZ1JZXW00000O\",\"seq\":1,\"ts\":0,\"signals\":{}}",
						PayloadViolation.INVALID_VIN),
				arguments("vin mismatch", "{\"vin\":\"WVWZZZ1JZXW000002\",\"seq\":1,\"ts\":0,\"signals\":{}}",
						PayloadViolation.VIN_MISMATCH),
				arguments("huge string",
						"{\"seq\":1,\"ts\":0,\"signals\":{\"Vehicle.X\":\"" + "a".repeat(70_000) + "\"}}",
						PayloadViolation.TOO_LARGE),
				arguments("huge number", "{\"seq\":1,\"ts\":0,\"signals\":{\"Vehicle.X\":" + "9".repeat(100) + "}}",
						PayloadViolation.TOO_LARGE));
	}

	/** The list the JSON Schemas are held to ({@link PayloadSchemaTests}). */
	@ParameterizedTest(name = "{0}")
	@MethodSource("com.opencar.car.common.json.PayloadCases#all")
	void givesEveryCaseItsVerdict(String name, String kind, String payload, boolean accepted) {
		assertThat(PayloadSchemaTests.codecAccepts(this.json, kind, bytes(payload))).isEqualTo(accepted);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("malformedTelemetry")
	void rejectsMalformedTelemetryWithItsReason(String name, String payload, PayloadViolation expected) {
		assertThatExceptionOfType(InvalidPayloadException.class)
			.isThrownBy(() -> this.json.readTelemetry(bytes(payload), VIN))
			.satisfies((ex) -> {
				assertThat(ex.violation()).isEqualTo(expected);
				assertThat(ex.detail()).isNotBlank().hasSizeLessThan(300);
			});
	}

	@Test
	void rejectsNullPayload() {
		assertThatExceptionOfType(InvalidPayloadException.class).isThrownBy(() -> this.json.readTelemetry(null, VIN))
			.extracting(InvalidPayloadException::violation)
			.isEqualTo(PayloadViolation.EMPTY);
	}

	@Test
	void namesTheFieldInTheDetail() {
		assertThatExceptionOfType(InvalidPayloadException.class)
			.isThrownBy(() -> this.json
				.readTelemetry(bytes("{\"seq\":1,\"ts\":0,\"signals\":{\"Vehicle.Speed\":\"fast\"}}"), VIN))
			.extracting(InvalidPayloadException::detail)
			.isEqualTo("signals.Vehicle.Speed must be a number");
	}

	@Test
	void readsEventsWithNestedData() {
		VehicleEventReported event = this.json.readEvent(bytes("""
				{"seq":7,"ts":"2026-11-22T10:15:30Z","type":"DTC","data":{"codes":["P0420"],"ecu":{"id":7}}}
				"""), VIN);
		assertThat(event.type()).isEqualTo("DTC");
		assertThat(event.data()).containsEntry("codes", List.of("P0420")).containsEntry("ecu", Map.of("id", 7L));
	}

	@Test
	void rejectsEventsWithoutType() {
		assertThatExceptionOfType(InvalidPayloadException.class)
			.isThrownBy(() -> this.json.readEvent(bytes("{\"seq\":7,\"ts\":0,\"data\":{}}"), VIN))
			.extracting(InvalidPayloadException::violation)
			.isEqualTo(PayloadViolation.MISSING_FIELD);
		assertThatExceptionOfType(InvalidPayloadException.class)
			.isThrownBy(() -> this.json.readEvent(bytes("{\"seq\":7,\"ts\":0,\"type\":\"DTC\",\"data\":5}"), VIN))
			.extracting(InvalidPayloadException::violation)
			.isEqualTo(PayloadViolation.WRONG_TYPE);
	}

	@Test
	void readsStatusAndLastWill() {
		ConnectivityChanged status = this.json.readStatus(bytes("{\"online\":false,\"ts\":1000}"), VIN);
		assertThat(status).isEqualTo(new ConnectivityChanged(VIN, false, Instant.ofEpochMilli(1000)));
		assertThatExceptionOfType(InvalidPayloadException.class)
			.isThrownBy(() -> this.json.readStatus(bytes("{\"online\":\"yes\",\"ts\":1000}"), VIN))
			.extracting(InvalidPayloadException::violation)
			.isEqualTo(PayloadViolation.WRONG_TYPE);
	}

	@Test
	void readsCommandResponses() {
		UUID id = UUID.randomUUID();
		CommandResponse response = this.json.readCommandResponse(
				bytes("{\"commandId\":\"" + id + "\",\"status\":\"FAILED\",\"reason\":\"door open\",\"ts\":1000}"));
		assertThat(response).isEqualTo(new CommandResponse(new CommandId(id), CommandResponseStatus.FAILED, "door open",
				Instant.ofEpochMilli(1000)));
		assertThatExceptionOfType(InvalidPayloadException.class)
			.isThrownBy(() -> this.json
				.readCommandResponse(bytes("{\"commandId\":\"nope\",\"status\":\"FAILED\",\"ts\":1000}")))
			.extracting(InvalidPayloadException::violation)
			.isEqualTo(PayloadViolation.INVALID_VALUE);
		assertThatExceptionOfType(InvalidPayloadException.class)
			.isThrownBy(() -> this.json
				.readCommandResponse(bytes("{\"commandId\":\"" + id + "\",\"status\":\"DONE\",\"ts\":1000}")))
			.extracting(InvalidPayloadException::violation)
			.isEqualTo(PayloadViolation.INVALID_VALUE);
	}

	@Test
	void roundTripsEveryRecordOfTheContract() {
		Instant ts = Instant.parse("2026-11-22T10:15:30.120Z");
		CommandId commandId = CommandId.random();
		List<Object> records = List.of(new TelemetryReported(VIN, 1, ts, Map.of("Vehicle.Speed", 87.5)),
				new VehicleEventReported(VIN, 2, ts, "CRASH", Map.of("deltaV", 31.0)),
				new ConnectivityChanged(VIN, true, ts),
				new VehicleCommand(commandId, CommandType.SET_CHARGE_LIMIT, Map.of("percent", 80L), ts),
				new CommandResponse(commandId, CommandResponseStatus.RECEIVED, null, ts),
				new CommandTransitioned(commandId, VIN, CommandType.LOCK_DOORS, CommandStatus.SENT,
						CommandStatus.QUEUED, ts, null),
				new AlertRaised(UUID.randomUUID(), VIN, AlertType.OVERSPEED, AlertSeverity.WARNING, ts,
						Map.of("speed", 181.0)));
		for (Object record : records) {
			assertThat(this.json.read(this.json.write(record), record.getClass())).isEqualTo(record);
		}
	}

	@Test
	void leavesOutAbsentOptionalFields() {
		CommandTransitioned created = new CommandTransitioned(CommandId.random(), VIN, CommandType.LOCATE,
				CommandStatus.QUEUED, null, Instant.EPOCH, null);
		assertThat(new String(this.json.write(created), StandardCharsets.UTF_8)).doesNotContain("previousStatus")
			.doesNotContain("reason")
			.contains("\"status\":\"QUEUED\"");
	}

	@Test
	void reportsRecordsOfTheWrongShape() {
		assertThatExceptionOfType(InvalidPayloadException.class)
			.isThrownBy(() -> this.json.read(bytes("{\"vin\":\"bad\",\"online\":true,\"ts\":\"2026-11-22T10:15:30Z\"}"),
					ConnectivityChanged.class))
			.extracting(InvalidPayloadException::violation)
			.isEqualTo(PayloadViolation.WRONG_TYPE);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void splitsArraysIntoTheElementsOriginalBytes() {
		List<byte[]> elements = this.json.splitArray(bytes("""
				[ {"seq":1,"ts":0,"signals":{"Vehicle.Speed":NaN}} ,
				  {"seq":2,"ts":0,"signals":{"a":[1,{"b":2}]}}, 5 ]
				"""));
		assertThat(elements).extracting((element) -> new String(element, StandardCharsets.UTF_8))
			.containsExactly("{\"seq\":1,\"ts\":0,\"signals\":{\"Vehicle.Speed\":NaN}}",
					"{\"seq\":2,\"ts\":0,\"signals\":{\"a\":[1,{\"b\":2}]}}", "5");
		// each element is then validated as if it had arrived alone
		assertThatExceptionOfType(InvalidPayloadException.class)
			.isThrownBy(() -> this.json.readTelemetry(elements.get(0), VIN))
			.extracting(InvalidPayloadException::violation)
			.isEqualTo(PayloadViolation.NON_FINITE_NUMBER);
	}

	@Test
	void treatsASingleObjectAsABatchOfOne() {
		byte[] payload = bytes("{\"seq\":1,\"ts\":0,\"signals\":{}}");
		assertThat(this.json.splitArray(payload)).containsExactly(payload);
	}

	@Test
	void rejectsMalformedBatches() {
		assertThat(violationOfSplit("[{\"seq\":1},")).isEqualTo(PayloadViolation.TRUNCATED);
		assertThat(violationOfSplit("[{}] []")).isEqualTo(PayloadViolation.NOT_JSON);
		assertThat(violationOfSplit("\"text\"")).isEqualTo(PayloadViolation.NOT_AN_OBJECT);
		assertThat(violationOfSplit("[{\"a\":1,\"a\":2}]")).isEqualTo(PayloadViolation.DUPLICATE_FIELD);
		assertThat(violationOfSplit("")).isEqualTo(PayloadViolation.EMPTY);
	}

	private PayloadViolation violationOfSplit(String payload) {
		try {
			this.json.splitArray(bytes(payload));
		}
		catch (InvalidPayloadException ex) {
			return ex.violation();
		}
		throw new AssertionError("accepted " + payload);
	}

}
