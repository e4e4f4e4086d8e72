package com.opencar.car.common.topic;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.opencar.car.common.topic.MqttTopic.VehicleTopic;
import com.opencar.car.common.vehicle.VehicleId;

import static org.assertj.core.api.Assertions.assertThat;

class MqttTopicTests {

	private static final VehicleId VIN = VehicleId.of("WVWZZZ1JZXW000001");

	@Test
	void namesTheContractTopics() {
		assertThat(MqttTopic.TELEMETRY.of(VIN)).isEqualTo("vehicles/WVWZZZ1JZXW000001/telemetry");
		assertThat(MqttTopic.COMMAND_RESPONSES.of(VIN)).isEqualTo("vehicles/WVWZZZ1JZXW000001/command-responses");
		assertThat(MqttTopic.EVENTS.filter()).isEqualTo("vehicles/+/events");
		assertThat(MqttTopic.STATUS.sharedFilter("ingest")).isEqualTo("$share/ingest/vehicles/+/status");
	}

	@Test
	void parsesEveryTopicItNames() {
		for (MqttTopic kind : MqttTopic.values()) {
			assertThat(MqttTopic.parse(kind.of(VIN))).contains(new VehicleTopic(kind, VIN.value()));
		}
	}

	@Test
	void parsesAnInvalidVinSegmentForTheCallerToReport() {
		assertThat(MqttTopic.parse("vehicles/not-a-vin/telemetry"))
			.contains(new VehicleTopic(MqttTopic.TELEMETRY, "not-a-vin"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "vehicles", "vehicles//telemetry", "vehicles/WVWZZZ1JZXW000001",
			"vehicles/WVWZZZ1JZXW000001/unknown", "cars/WVWZZZ1JZXW000001/telemetry",
			"vehicles/WVWZZZ1JZXW000001/telemetry/extra", "/vehicles/WVWZZZ1JZXW000001/telemetry" })
	void refusesTopicsOutsideTheContract(String topic) {
		assertThat(MqttTopic.parse(topic)).isEmpty();
	}

	@Test
	void namesDeadLetterTopics() {
		assertThat(KafkaTopic.TELEMETRY.topicName()).isEqualTo("vehicle.telemetry.v1");
		assertThat(KafkaTopic.TELEMETRY.deadLetterTopicName()).isEqualTo("vehicle.telemetry.v1.dlt");
	}

}
