package com.opencar.car.store.state;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.telemetry.ConnectivityChanged;
import com.opencar.car.common.topic.KafkaTopic;

/**
 * Keeps {@code vehicle_state.online} from {@code vehicle.connectivity.v1}.
 */
@Component
class ConnectivityListener {

	private final VehicleJson json;

	private final VehicleStates states;

	ConnectivityListener(VehicleJson json, VehicleStates states) {
		this.json = json;
		this.states = states;
	}

	@KafkaListener(id = "store-connectivity", topics = KafkaTopic.Names.CONNECTIVITY)
	void onConnectivityChanged(byte[] value) {
		this.states.recordConnectivity(this.json.read(value, ConnectivityChanged.class));
	}

}
