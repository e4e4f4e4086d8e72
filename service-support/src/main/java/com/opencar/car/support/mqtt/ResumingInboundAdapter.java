package com.opencar.car.support.mqtt;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;

import org.springframework.context.ApplicationEventPublisher;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.integration.IntegrationMessageHeaderAccessor;
import org.springframework.integration.StaticMessageHeaderAccessor;
import org.springframework.integration.acks.SimpleAcknowledgment;
import org.springframework.integration.mqtt.event.MqttConnectionFailedEvent;
import org.springframework.integration.mqtt.event.MqttSubscribedEvent;
import org.springframework.integration.mqtt.inbound.Mqttv5PahoMessageDrivenChannelAdapter;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageDeliveryException;

/**
 * Spring Integration's MQTT 5 inbound adapter, with manual acknowledgements, made safe to
 * resume a session and to stop under load.
 * <p>
 * <b>Resuming.</b> The subscription after a (re)connect is made on a thread of its own
 * instead of Paho's callback thread. The adapter subscribes inside
 * {@code connectComplete} and waits there for the SUBACK. When a persistent session
 * resumes with messages queued for it (the service was down while cars kept publishing),
 * the broker sends those first; Paho's receiver thread hands them to the callback thread,
 * whose queue holds ten, so it blocks on the eleventh and never reads the SUBACK, while
 * the callback thread waits for exactly that SUBACK. Nothing moves until the completion
 * timeout (30 s), after which the subscription counts as failed and the service's
 * readiness stays DOWN although the session's subscriptions are intact.
 * <p>
 * Behind a large backlog (a pod restarted under load: tens of thousands of messages
 * queued in its session) the SUBACK can still come later than the completion timeout
 * while the resumed session's subscriptions deliver all along. A delivery after a
 * (re)connect proves the broker holds the subscriptions, so it counts as subscribed
 * ({@link MqttSubscribedEvent}), and a subscribe that then times out on a connection that
 * is still up and delivering is logged, not reported as a failed connection.
 * <p>
 * <b>Stopping.</b> A clean stop must not leave a message neither handed on nor left to
 * the broker. So on stop the adapter first refuses further deliveries (a refused message
 * is neither sent on nor acknowledged: the broker keeps it for this session and sends it
 * again when the session resumes), then waits, connected, until everything it handed on
 * has been acknowledged, then disconnects, and finally waits until Paho's callback thread
 * has left any delivery it was in. Without this, the acknowledgements of messages still
 * being forwarded were lost with the connection, and a message Paho's callback thread
 * handed over while the adapter stopped was neither forwarded nor acknowledged.
 * <p>
 * <b>Handing over.</b> A broker queues a shared subscription's messages to the sessions
 * of its members that are away too (Mosquitto does), so what was meant for an instance
 * being restarted waits until it is back. Given a {@linkplain #setHandOver hand-over
 * check} that says another instance stays subscribed, a clean stop first unsubscribes,
 * and the broker sends the others what comes in meanwhile; what the session had queued
 * already stays in it. The next start subscribes again.
 */
public class ResumingInboundAdapter extends Mqttv5PahoMessageDrivenChannelAdapter {

	private final SimpleAsyncTaskExecutor subscriber;

	/** Handed on, not yet acknowledged. */
	private final AtomicInteger unacknowledged = new AtomicInteger();

	/** Deliveries Paho's callback thread is inside of. */
	private final AtomicInteger delivering = new AtomicInteger();

	private volatile boolean stopping;

	/** Connected, and not yet known to be subscribed on this connection. */
	private volatile boolean awaitingSubscription;

	private volatile boolean connected;

	/** A message arrived since the last (re)connect. */
	private volatile boolean delivered;

	private Duration drainTimeout = Duration.ofSeconds(10);

	private BooleanSupplier handOver = () -> false;

	private Duration unsubscribeTimeout = Duration.ofSeconds(5);

	/**
	 * Unsubscribing on a stop: the UNSUBACK is waited for no longer than the stop allows.
	 */
	private volatile boolean leaving;

	private Predicate<Message<?>> admission = (message) -> true;

	/** Unsubscribed by the last stop, to subscribe again on the next start. */
	private volatile Subscriptions handedOver;

	/**
	 * @param options the connection options
	 * @param clientId the client id
	 * @param topics the topic filters
	 */
	public ResumingInboundAdapter(MqttConnectionOptions options, String clientId, String... topics) {
		super(options, clientId, topics);
		this.subscriber = new SimpleAsyncTaskExecutor("mqtt-subscribe-" + clientId + "-");
		this.subscriber.setDaemon(true);
	}

	/**
	 * @param drainTimeout how long a stop waits for what was handed on to be acknowledged
	 * before it disconnects (10 s unless set); what is left is sent again by the broker
	 */
	public void setDrainTimeout(Duration drainTimeout) {
		this.drainTimeout = drainTimeout;
	}

	/**
	 * @param handOver asked once on a clean stop, while connected: whether another member
	 * of the shared subscription stays subscribed, so that this one may unsubscribe
	 * (never, unless set). It must answer {@code false} when unsure: a shared
	 * subscription that no session holds loses what is published to it.
	 */
	public void setHandOver(BooleanSupplier handOver) {
		this.handOver = handOver;
	}

	/**
	 * @param unsubscribeTimeout how long a handing-over stop waits for the UNSUBACK (5 s
	 * unless set): a stop has a grace period to fit in, where the completion timeout of
	 * connecting and subscribing is 30 s. What the broker does with an UNSUBSCRIBE left
	 * unanswered is either outcome of the hand-over, both safe.
	 */
	public void setUnsubscribeTimeout(Duration unsubscribeTimeout) {
		this.unsubscribeTimeout = unsubscribeTimeout;
	}

	@Override
	protected long getCompletionTimeout() {
		long timeout = super.getCompletionTimeout();
		return this.leaving ? Math.min(timeout, this.unsubscribeTimeout.toMillis()) : timeout;
	}

	/**
	 * @param admission asked for each message before it is handed on (every one is,
	 * unless set); one it refuses is neither handed on nor acknowledged. Refuse only QoS
	 * 0 messages: that drops them, as QoS 0 allows, where a refused QoS 1 message would
	 * sit unacknowledged in the broker's window.
	 */
	public void setAdmission(Predicate<Message<?>> admission) {
		this.admission = admission;
	}

	@Override
	public void connectComplete(boolean reconnect, String serverURI) {
		this.connected = true;
		this.delivered = false;
		this.awaitingSubscription = true;
		this.subscriber.execute(() -> {
			try {
				super.connectComplete(reconnect, serverURI);
			}
			finally {
				this.awaitingSubscription = false;
			}
		});
	}

	@Override
	public void disconnected(MqttDisconnectResponse disconnectResponse) {
		this.connected = false;
		super.disconnected(disconnectResponse);
	}

	@Override
	public void setApplicationEventPublisher(ApplicationEventPublisher publisher) {
		super.setApplicationEventPublisher((event) -> {
			if (event instanceof MqttConnectionFailedEvent failed && this.awaitingSubscription && this.connected
					&& this.delivered) {
				logger.warn(() -> "The SUBACK did not come within the completion timeout, but the resumed session "
						+ "delivers on its subscriptions: " + failed.getCause());
				return;
			}
			publisher.publishEvent(event);
		});
	}

	@Override
	protected void sendMessage(Message<?> message) {
		this.delivering.incrementAndGet();
		try {
			if (this.stopping) {
				if (!isManualAcks()) {
					// Paho acknowledges what its callback returns from; it does not
					// acknowledge what the callback throws on
					throw new MessageDeliveryException(message, "the adapter is stopping");
				}
				return;
			}
			if (!this.delivered) {
				this.delivered = true;
				if (this.awaitingSubscription) {
					publishSubscribed();
				}
			}
			if (!this.admission.test(message)) {
				return;
			}
			SimpleAcknowledgment acknowledgment = StaticMessageHeaderAccessor.getAcknowledgment(message);
			if (acknowledgment == null) {
				super.sendMessage(message);
				return;
			}
			this.unacknowledged.incrementAndGet();
			AtomicBoolean done = new AtomicBoolean();
			SimpleAcknowledgment counted = () -> {
				if (done.compareAndSet(false, true)) {
					try {
						acknowledgment.acknowledge();
					}
					finally {
						this.unacknowledged.decrementAndGet();
					}
				}
			};
			try {
				super.sendMessage(MessageBuilder.fromMessage(message)
					.setHeader(IntegrationMessageHeaderAccessor.ACKNOWLEDGMENT_CALLBACK, counted)
					.build());
			}
			catch (RuntimeException ex) {
				if (done.compareAndSet(false, true)) {
					this.unacknowledged.decrementAndGet();
				}
				throw ex;
			}
		}
		finally {
			this.delivering.decrementAndGet();
		}
	}

	@Override
	protected void doStart() {
		this.stopping = false;
		Subscriptions subscriptions = this.handedOver;
		if (subscriptions != null) {
			this.handedOver = null;
			addTopics(subscriptions.topics(), subscriptions.qos());
		}
		super.doStart();
	}

	@Override
	protected void doStop() {
		if (this.connected) {
			handOver();
		}
		this.stopping = true;
		// acknowledged while the connection is still up
		awaitNone(this.unacknowledged, this.drainTimeout);
		super.doStop();
		// a delivery Paho's callback thread was inside of ends refused
		awaitNone(this.delivering, this.drainTimeout);
		if (this.unacknowledged.get() > 0) {
			logger.warn(() -> this.unacknowledged.get() + " messages were not acknowledged before the "
					+ "connection closed; the broker sends them again when the session resumes");
		}
	}

	/**
	 * Each step timed: under load, a stop that overran its grace period spent 20 s here.
	 */
	private void handOver() {
		long asking = System.nanoTime();
		if (!this.handOver.getAsBoolean()) {
			return;
		}
		long asked = System.nanoTime();
		String[] topics = getTopic();
		int[] qos = getQos();
		this.leaving = true;
		try {
			// still delivering: what arrives until the UNSUBACK is handled as usual
			removeTopic(topics);
			this.handedOver = new Subscriptions(topics, qos);
			logger.info(() -> "Unsubscribed from " + String.join(", ", topics) + " before stopping in "
					+ millis(asked, System.nanoTime()) + " ms (asking whether another instance stays subscribed took "
					+ millis(asking, asked) + " ms): the other instances receive it meanwhile");
		}
		catch (RuntimeException ex) {
			logger.warn(ex, () -> "Could not unsubscribe before stopping within " + millis(asked, System.nanoTime())
					+ " ms; the session keeps the subscription unless the broker still acts on the UNSUBSCRIBE");
		}
		finally {
			this.leaving = false;
		}
	}

	private static long millis(long from, long to) {
		return TimeUnit.NANOSECONDS.toMillis(to - from);
	}

	private void publishSubscribed() {
		ApplicationEventPublisher publisher = getApplicationEventPublisher();
		if (publisher != null) {
			publisher.publishEvent(new MqttSubscribedEvent(this, "The resumed session delivers on its subscriptions"));
		}
	}

	private static void awaitNone(AtomicInteger count, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (count.get() > 0 && System.nanoTime() < deadline) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
		}
	}

	/** Topic filters and their QoS, by index. */
	private record Subscriptions(String[] topics, int[] qos) {

	}

}
