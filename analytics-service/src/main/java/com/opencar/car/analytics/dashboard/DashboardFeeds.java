package com.opencar.car.analytics.dashboard;

import java.nio.charset.StandardCharsets;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.opencar.car.common.alert.AlertRaised;
import com.opencar.car.common.command.CommandTransitioned;
import com.opencar.car.common.json.InvalidPayloadException;
import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.topic.KafkaTopic;

/**
 * Feeds the dashboards' live events from Kafka. Every instance reads every record (a
 * consumer group of its own, starting at the newest), because any instance may hold the
 * browser that wants it.
 */
@Component
class DashboardFeeds {

	private final LiveUpdates updates;

	private final VehicleJson json = new VehicleJson();

	DashboardFeeds(LiveUpdates updates) {
		this.updates = updates;
	}

	@KafkaListener(id = "dashboard-alerts", topics = KafkaTopic.Names.ALERTS, idIsGroup = false,
			groupId = "analytics-dashboard-${random.uuid}", properties = "auto.offset.reset=latest")
	void onAlert(String value) {
		AlertRaised alert = read(value, AlertRaised.class);
		if (alert != null) {
			this.updates.publish(alert.vin().value(), "alert", new AlertEvent(alert.vin().value(), alert.type().name(),
					alert.severity().name(), alert.ts().toString()));
		}
	}

	@KafkaListener(id = "dashboard-commands", topics = KafkaTopic.Names.COMMANDS, idIsGroup = false,
			groupId = "analytics-dashboard-${random.uuid}", properties = "auto.offset.reset=latest")
	void onCommand(String value) {
		CommandTransitioned transition = read(value, CommandTransitioned.class);
		if (transition != null) {
			this.updates.publish(transition.vin().value(), "command",
					new CommandEvent(transition.commandId().value().toString(), transition.status().name(),
							transition.ts().toString(), transition.reason()));
		}
	}

	/** A record that does not parse is not worth a dashboard update, nor an error. */
	private <T> T read(String value, Class<T> type) {
		try {
			return this.json.read(value.getBytes(StandardCharsets.UTF_8), type);
		}
		catch (InvalidPayloadException ex) {
			return null;
		}
	}

	record AlertEvent(String vin, String type, String severity, String ts) {

	}

	record CommandEvent(String commandId, String status, String ts, String reason) {

	}

}
