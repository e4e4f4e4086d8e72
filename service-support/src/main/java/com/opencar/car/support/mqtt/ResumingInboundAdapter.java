package com.opencar.car.support.mqtt;

import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.integration.mqtt.inbound.Mqttv5PahoMessageDrivenChannelAdapter;

/**
 * Spring Integration's MQTT 5 inbound adapter, except that the subscription after a
 * (re)connect is made on a thread of its own instead of Paho's callback thread.
 * <p>
 * Why: the adapter subscribes inside {@code connectComplete} and waits there for the
 * SUBACK. When a persistent session resumes with messages queued for it (the service was
 * down while cars kept publishing), the broker sends those first; Paho's receiver thread
 * hands them to the callback thread, whose queue holds ten, so it blocks on the eleventh
 * and never reads the SUBACK, while the callback thread waits for exactly that SUBACK.
 * Nothing moves until the completion timeout (30 s), after which the subscription counts
 * as failed and the service's readiness stays DOWN although the session's subscriptions
 * are intact. The fault-injection test found this by killing the ingest service under
 * load. Subscribing elsewhere lets the callback thread deliver the queued messages
 * meanwhile.
 */
public class ResumingInboundAdapter extends Mqttv5PahoMessageDrivenChannelAdapter {

	private final SimpleAsyncTaskExecutor subscriber;

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

	@Override
	public void connectComplete(boolean reconnect, String serverURI) {
		this.subscriber.execute(() -> super.connectComplete(reconnect, serverURI));
	}

}
