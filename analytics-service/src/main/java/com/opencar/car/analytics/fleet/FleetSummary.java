package com.opencar.car.analytics.fleet;

/**
 * The fleet at a glance. The four window figures are {@code null} while Kafka Streams
 * starts or rebalances.
 *
 * @param vehicles vehicles ever seen
 * @param online connected now
 * @param offline not connected
 * @param charging reporting {@code IsCharging = true}
 * @param averageStateOfCharge mean state of charge (percent) over vehicles reporting one
 * @param openAlerts alerts raised within {@code openAlertsWindow}
 * @param openAlertsWindow ISO-8601
 * @param messagesPerMinute telemetry messages in the last complete window, per minute
 * @param activeVehicles vehicles that sent telemetry in the last complete window
 * @param lastWindow the last complete window
 * @param currentWindow the window in progress
 */
public record FleetSummary(long vehicles, long online, long offline, long charging, Double averageStateOfCharge,
		long openAlerts, String openAlertsWindow, Double messagesPerMinute, Long activeVehicles, FleetWindow lastWindow,
		FleetWindow currentWindow) {

}
