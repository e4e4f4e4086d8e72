package com.opencar.car.command.delivery;

import java.time.Clock;
import java.util.Optional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.integration.StaticMessageHeaderAccessor;
import org.springframework.integration.acks.SimpleAcknowledgment;
import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.opencar.car.common.command.CommandResponse;
import com.opencar.car.common.command.CommandStatus;
import com.opencar.car.common.json.InvalidPayloadException;
import com.opencar.car.common.json.VehicleJson;
import com.opencar.car.common.topic.MqttTopic;
import com.opencar.car.common.vehicle.VehicleId;

/**
 * Applies the cars' answers from {@code vehicles/{vin}/command-responses}: RECEIVED makes
 * a SENT command DELIVERED; SUCCEEDED, FAILED or REJECTED finish it. An answer that is
 * malformed, names an unknown command or another car's, or comes too late is ignored,
 * logged and counted ({@code car.command.responses{result=ignored,reason}}); every answer
 * is acknowledged to the broker once handled.
 */
@Component
class CommandResponses {

	private static final Logger logger = LoggerFactory.getLogger(CommandResponses.class);

	private final VehicleJson json;

	private final CommandDeliveries deliveries;

	private final CommandStore store;

	private final TransactionTemplate transactions;

	private final MeterRegistry meters;

	private final Clock clock;

	CommandResponses(VehicleJson json, CommandDeliveries deliveries, CommandStore store,
			TransactionTemplate transactions, MeterRegistry meters, Optional<Clock> clock) {
		this.json = json;
		this.deliveries = deliveries;
		this.store = store;
		this.transactions = transactions;
		this.meters = meters;
		this.clock = clock.orElse(Clock.systemUTC());
	}

	public void handle(Message<byte[]> message) {
		String topic = message.getHeaders().get(MqttHeaders.RECEIVED_TOPIC, String.class);
		try {
			String outcome = apply(topic, this.json.readCommandResponse(message.getPayload()));
			count(outcome);
			if (!"applied".equals(outcome)) {
				logger.atInfo()
					.setMessage("Ignored a command response")
					.addKeyValue("reason", outcome)
					.addKeyValue("mqtt_topic", topic)
					.log();
			}
		}
		catch (InvalidPayloadException ex) {
			count("malformed");
			logger.atWarn()
				.setMessage("Ignored a malformed command response")
				.addKeyValue("mqtt_topic", topic)
				.addKeyValue("reason", ex.violation())
				.addKeyValue("detail", ex.detail())
				.log();
		}
		SimpleAcknowledgment acknowledgment = StaticMessageHeaderAccessor.getAcknowledgment(message);
		if (acknowledgment != null) {
			acknowledgment.acknowledge();
		}
	}

	/**
	 * The usual answer, in order from the right car, is one guarded statement; anything
	 * else (unknown, another car's, a duplicate, too late, or the answer to a command
	 * still QUEUED here) goes through the aggregate, which tells which it is.
	 */
	private String apply(String topic, CommandResponse response) {
		CommandStatus target = switch (response.status()) {
			case RECEIVED -> CommandStatus.DELIVERED;
			case SUCCEEDED -> CommandStatus.SUCCEEDED;
			case FAILED -> CommandStatus.FAILED;
			case REJECTED -> CommandStatus.REJECTED;
		};
		Optional<VehicleId> vin = MqttTopic.parse(topic)
			.filter((parsed) -> parsed.kind() == MqttTopic.COMMAND_RESPONSES && VehicleId.isValid(parsed.vin()))
			.map((parsed) -> VehicleId.of(parsed.vin()));
		if (vin.isPresent() && this.store.answered(response.commandId().value(), vin.get(), target,
				this.clock.instant(), (target == CommandStatus.DELIVERED) ? null : response.reason())) {
			return "applied";
		}
		return this.transactions.execute((status) -> {
			CommandDelivery command = this.deliveries.findLocked(response.commandId().value()).orElse(null);
			if (command == null) {
				return "unknown-command";
			}
			if (topic == null || !topic.equals(MqttTopic.COMMAND_RESPONSES.of(command.vin()))) {
				return "other-vehicle";
			}
			if (command.status() == CommandStatus.QUEUED) {
				command.sentBeforeARestart(this.clock.instant());
			}
			if (!command.canMoveTo(target)) {
				return (command.status() == target) ? "duplicate" : "too-late";
			}
			if (target == CommandStatus.DELIVERED) {
				command.delivered(this.clock.instant());
			}
			else {
				command.finished(target, this.clock.instant(), response.reason());
			}
			return "applied";
		});
	}

	private void count(String outcome) {
		Counter.builder("car.command.responses")
			.description("Responses from cars, applied or ignored (by reason)")
			.tag("result", "applied".equals(outcome) ? "applied" : "ignored")
			.tag("reason", outcome)
			.register(this.meters)
			.increment();
	}

}
