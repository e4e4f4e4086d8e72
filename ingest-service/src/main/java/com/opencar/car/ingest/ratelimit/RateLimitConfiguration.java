package com.opencar.car.ingest.ratelimit;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import com.opencar.car.support.ratelimit.CallerRateLimiter;
import com.opencar.car.support.ratelimit.RateLimit;

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
		registry
			.addInterceptor(new CallerRateLimiter(new RateLimit(this.properties.burst(), this.properties.refill(),
					this.properties.refillPeriod(), this.properties.idleExpiry()), "telemetry requests"))
			.addPathPatterns("/api/v1/vehicles/*/telemetry");
	}

}
