package com.opencar.car.ingest.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * UP when the Kafka cluster answers a describe-cluster request within the timeout.
 */
class KafkaHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

	private final Admin admin;

	private final Duration timeout;

	KafkaHealthIndicator(KafkaAdmin kafkaAdmin, Duration timeout) {
		super("Kafka health check failed");
		Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
		config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "ingest-health");
		// with no broker reachable, the 4.x admin client's re-bootstrap spins and logs
		// thousands of lines a second; this client only asks whether Kafka answers
		config.putIfAbsent(AdminClientConfig.METADATA_RECOVERY_STRATEGY_CONFIG, "none");
		this.admin = Admin.create(config);
		this.timeout = timeout;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		DescribeClusterResult cluster = this.admin
			.describeCluster(new DescribeClusterOptions().timeoutMs((int) this.timeout.toMillis()));
		String clusterId = cluster.clusterId().get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		int nodes = cluster.nodes().get(this.timeout.toMillis(), TimeUnit.MILLISECONDS).size();
		builder.up().withDetail("clusterId", clusterId).withDetail("nodes", nodes);
	}

	@Override
	public void destroy() {
		this.admin.close(this.timeout);
	}

}
