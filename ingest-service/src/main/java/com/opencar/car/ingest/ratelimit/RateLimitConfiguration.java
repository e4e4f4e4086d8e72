package com.opencar.car.ingest.ratelimit;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Limits {@code POST /api/v1/vehicles/{vin}/telemetry} per caller. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "car.ingest.http.rate-limit.enabled", matchIfMissing = true)
class RateLimitConfiguration implements WebMvcConfigurer {

	private final RateLimitProperties properties;

	RateLimitConfiguration(RateLimitProperties properties) {
		this.properties = properties;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new CallerRateLimiter(this.properties)).addPathPatterns("/api/v1/vehicles/*/telemetry");
	}

}
