package com.opencar.car.analytics.dashboard;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import com.opencar.car.analytics.AnalyticsProperties;
import com.opencar.car.common.vehicle.VehicleId;

/**
 * Server-sent events to the open dashboards: a {@code tick} every refresh interval (the
 * pages then reload their fragments), and {@code alert} and {@code command} events as
 * they arrive from Kafka, for all pages or for one vehicle's page.
 */
@Component
class LiveUpdates implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(LiveUpdates.class);

	private static final long STREAM_TIMEOUT_MILLIS = Duration.ofMinutes(30).toMillis();

	private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

	private final Duration refreshInterval;

	private final Clock clock;

	private ScheduledExecutorService ticker;

	LiveUpdates(AnalyticsProperties properties, Clock clock) {
		this.refreshInterval = properties.dashboard().refreshInterval();
		this.clock = clock;
	}

	/**
	 * @param vin only this vehicle's events, or every vehicle's if {@code null}
	 * @param visible the vehicles the subscriber may see: events of others are not sent
	 * @return the stream (browsers reconnect on their own when it ends)
	 */
	SseEmitter subscribe(String vin, Predicate<VehicleId> visible) {
		SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT_MILLIS);
		Subscriber subscriber = new Subscriber(emitter, vin, visible);
		this.subscribers.add(subscriber);
		emitter.onCompletion(() -> this.subscribers.remove(subscriber));
		emitter.onTimeout(() -> this.subscribers.remove(subscriber));
		emitter.onError((ex) -> this.subscribers.remove(subscriber));
		return emitter;
	}

	void publish(String vin, String event, Object data) {
		for (Subscriber subscriber : this.subscribers) {
			if ((subscriber.vin() == null || subscriber.vin().equals(vin)) && subscriber.sees(vin)) {
				send(subscriber, event, data);
			}
		}
	}

	private void tick() {
		String now = this.clock.instant().toString();
		for (Subscriber subscriber : this.subscribers) {
			send(subscriber, "tick", now);
		}
	}

	private void send(Subscriber subscriber, String event, Object data) {
		try {
			subscriber.emitter().send(SseEmitter.event().name(event).data(data, MediaType.APPLICATION_JSON));
		}
		catch (IOException | IllegalStateException ex) {
			// the browser went away
			this.subscribers.remove(subscriber);
			log.debug("Dropped a dashboard stream: {}", ex.getMessage());
		}
	}

	@Override
	public void start() {
		this.ticker = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "dashboard-ticker");
			thread.setDaemon(true);
			return thread;
		});
		long period = this.refreshInterval.toMillis();
		this.ticker.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		this.ticker.shutdownNow();
		this.subscribers.forEach((subscriber) -> subscriber.emitter().complete());
		this.subscribers.clear();
	}

	@Override
	public boolean isRunning() {
		return this.ticker != null && !this.ticker.isShutdown();
	}

	private record Subscriber(SseEmitter emitter, String vin, Predicate<VehicleId> visible) {

		boolean sees(String vin) {
			return VehicleId.isValid(vin) && this.visible.test(VehicleId.of(vin));
		}

	}

}
