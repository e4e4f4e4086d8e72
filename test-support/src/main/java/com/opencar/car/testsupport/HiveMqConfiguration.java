package com.opencar.car.testsupport;

/**
 * The configuration file of an embedded HiveMQ CE: one TCP listener, queues long enough
 * that nothing is discarded, packets of at most 256 KiB, no usage statistics. Shared with
 * the local platform.
 */
public final class HiveMqConfiguration {

	private HiveMqConfiguration() {
	}

	/**
	 * @param port the MQTT port
	 * @param bindAddress the address to listen on
	 * @param persistence {@code file} (HiveMQ's default) or {@code in-memory}
	 * @return the contents of {@code conf/config.xml}
	 */
	public static String xml(int port, String bindAddress, String persistence) {
		return """
				<?xml version="1.0"?>
				<hivemq>
				    <listeners>
				        <tcp-listener>
				            <port>%d</port>
				            <bind-address>%s</bind-address>
				        </tcp-listener>
				    </listeners>
				    <mqtt>
				        <!-- HiveMQ discards beyond 1000 queued messages per client or shared group by
				             default; a platform that promises no loss needs its broker to keep them -->
				        <queued-messages>
				            <max-queue-size>1000000</max-queue-size>
				            <strategy>discard</strategy>
				        </queued-messages>
				        <!-- the services take packets of up to 256 KiB (their MQTT 5 Maximum Packet
				             Size), and the shipped EMQX refuses larger ones from cars, as this does -->
				        <packets>
				            <max-packet-size>262144</max-packet-size>
				        </packets>
				    </mqtt>
				    <persistence>
				        <mode>%s</mode>
				    </persistence>
				    <anonymous-usage-statistics>
				        <enabled>false</enabled>
				    </anonymous-usage-statistics>
				</hivemq>
				""".formatted(port, bindAddress, persistence);
	}

}
