package com.opencar.car.common.json;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.params.provider.Arguments;

import com.opencar.car.common.vehicle.VehicleId;

/**
 * Every payload the codec's tests accept or reject, by the topic it comes on, so that
 * {@link VehicleJsonTests} checks the codec's verdict on each and
 * {@link PayloadSchemaTests} the JSON Schemas' on the same ones.
 */
final class PayloadCases {

	/** The topic's VIN every case is read for. */
	static final VehicleId VIN = VehicleId.of("WVWZZZ1JZXW000001");

	private PayloadCases() {
	}

	/**
	 * @return (name, kind, payload, accepted): kind is {@code telemetry}, {@code event},
	 * {@code status} or {@code command-response}
	 */
	static List<Arguments> all() {
		List<Arguments> cases = new ArrayList<>();
		accepted(cases, "telemetry", "contract example", """
				{"vin":"WVWZZZ1JZXW000001","seq":4711,"ts":"2026-11-22T10:15:30.120Z",
				 "signals":{"Vehicle.Speed":87.5,"Vehicle.CurrentLocation.Latitude":52.5200,
				            "Vehicle.CurrentLocation.Longitude":13.4050,
				            "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current":76.4}}
				""");
		accepted(cases, "telemetry", "epoch millis, no vin", "{\"seq\":0,\"ts\":1795342530120,\"signals\":{}}");
		accepted(cases, "telemetry", "offset", "{\"seq\":1,\"ts\":\"2026-11-22T11:15:30+01:00\",\"signals\":{}}");
		accepted(cases, "telemetry", "unknown signals and fields", """
				{"seq":1,"ts":"2026-11-22T10:15:30Z","firmware":"9.1","signals":{
				 "Vehicle.Exterior.AirTemperature":3,"Vehicle.Cabin.Seat.Occupants":["driver","rear-left"],
				 "Vehicle.Body.Horn.IsActive":false,"Vehicle.LowVoltageSystemState":"ON"}}
				""");
		accepted(cases, "telemetry", "bounds of ranges",
				"""
						{"seq":1,"ts":0,"signals":{"Vehicle.CurrentLocation.Latitude":-90,"Vehicle.CurrentLocation.Longitude":180,
						 "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current":100,"Vehicle.Speed":0}}
						""");
		accepted(cases, "telemetry", "unknown signal, any value",
				"{\"seq\":1,\"ts\":0,\"signals\":{\"Vehicle.OEM.Brand.BatteryHealth\":-5000,\"Vehicle.Speedo\":9999}}");
		for (Arguments malformed : VehicleJsonTests.malformedTelemetry().toList()) {
			Object[] values = malformed.get();
			rejected(cases, "telemetry", (String) values[0], (String) values[1]);
		}
		for (Arguments outside : VehicleJsonTests.signalsOutsideTheirRange().toList()) {
			Object[] values = outside.get();
			rejected(cases, "telemetry", values[0] + " = " + values[1],
					"{\"seq\":1,\"ts\":0,\"signals\":{\"" + values[0] + "\":" + values[1] + "}}");
		}
		rejected(cases, "telemetry", "not an allowed value",
				"{\"seq\":1,\"ts\":0,\"signals\":{\"Vehicle.LowVoltageSystemState\":\"RUN\"}}");
		rejected(cases, "telemetry", "latitude 91",
				"{\"seq\":1,\"ts\":0,\"signals\":{\"Vehicle.CurrentLocation.Latitude\":91}}");
		accepted(cases, "event", "nested data", """
				{"seq":7,"ts":"2026-11-22T10:15:30Z","type":"DTC","data":{"codes":["P0420"],"ecu":{"id":7}}}
				""");
		rejected(cases, "event", "no type", "{\"seq\":7,\"ts\":0,\"data\":{}}");
		rejected(cases, "event", "data not an object", "{\"seq\":7,\"ts\":0,\"type\":\"DTC\",\"data\":5}");
		rejected(cases, "event", "blank type", "{\"seq\":7,\"ts\":0,\"type\":\"  \"}");
		accepted(cases, "status", "last will", "{\"online\":false,\"ts\":1000}");
		rejected(cases, "status", "online not a boolean", "{\"online\":\"yes\",\"ts\":1000}");
		rejected(cases, "status", "bad vin", "{\"vin\":\"bad\",\"online\":true,\"ts\":\"2026-11-22T10:15:30Z\"}");
		String id = UUID.nameUUIDFromBytes(new byte[] { 1 }).toString();
		accepted(cases, "command-response", "failed with a reason",
				"{\"commandId\":\"" + id + "\",\"status\":\"FAILED\",\"reason\":\"door open\",\"ts\":1000}");
		accepted(cases, "command-response", "received",
				"{\"commandId\":\"" + id + "\",\"status\":\"RECEIVED\",\"ts\":\"2026-11-22T10:15:30Z\"}");
		rejected(cases, "command-response", "command id not a UUID",
				"{\"commandId\":\"nope\",\"status\":\"FAILED\",\"ts\":1000}");
		rejected(cases, "command-response", "unknown status",
				"{\"commandId\":\"" + id + "\",\"status\":\"DONE\",\"ts\":1000}");
		rejected(cases, "command-response", "no ts", "{\"commandId\":\"" + id + "\",\"status\":\"DONE\"}");
		return cases;
	}

	private static void accepted(List<Arguments> cases, String kind, String name, String payload) {
		cases.add(Arguments.of(kind + ": " + name, kind, payload, true));
	}

	private static void rejected(List<Arguments> cases, String kind, String name, String payload) {
		cases.add(Arguments.of(kind + ": " + name, kind, payload, false));
	}

}
