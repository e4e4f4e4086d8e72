package com.opencar.car.process.tracing;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link MessageTracing} from Spring Boot's tracer and propagator (OpenTelemetry with the
 * services' dependencies), or one that traces nothing where there are none.
 */
@AutoConfiguration(
		afterName = "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration")
@ConditionalOnClass(Tracer.class)
public class MessageTracingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MessageTracing messageTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
		Tracer available = tracer.getIfAvailable();
		Propagator propagates = propagator.getIfAvailable();
		return (available != null && propagates != null) ? new MessageTracing(available, propagates)
				: MessageTracing.none();
	}

}
