package com.opencar.car.process.progress;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * {@link StuckPaths} for every service with health and metrics, as the {@code paths}
 * health indicator.
 */
@AutoConfiguration(
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass({ HealthIndicator.class, MeterRegistry.class })
public class StuckPathsAutoConfiguration {

	@Bean
	@ConditionalOnBean(MeterRegistry.class)
	StuckPaths pathsHealthIndicator(@Value("${car.paths.stuck-after:5m}") Duration stuckAfter, MeterRegistry meters) {
		return new StuckPaths(stuckAfter, meters);
	}

}
