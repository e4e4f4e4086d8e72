package com.opencar.car.process.failure;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;

/**
 * Runs a step of a consuming or publishing path until it goes through, as long as its
 * failures are {@linkplain FailureKind#TRANSIENT transient} and the path runs: Spring's
 * {@link RetryTemplate} with an exponential back-off. A permanent failure is thrown at
 * once, as it came, for the caller to set the item aside; each retry is counted as
 * {@code car.retries{path}}.
 */
public final class TransientRetry {

	private static final Logger logger = LoggerFactory.getLogger(TransientRetry.class);

	private final RetryTemplate template;

	private final BooleanSupplier running;

	/**
	 * Pauses 100 ms after the first failure, doubling up to 5 s.
	 * @param path names the path in the log and the metric
	 * @param meters where retries are counted
	 * @param running whether to go on trying; a stop ends the retries
	 */
	public TransientRetry(String path, MeterRegistry meters, BooleanSupplier running) {
		this(path, meters, running, Duration.ofMillis(100), Duration.ofSeconds(5));
	}

	/**
	 * @param path names the path in the log and the metric
	 * @param meters where retries are counted
	 * @param running whether to go on trying; a stop ends the retries
	 * @param first the pause after the first failure
	 * @param longest the longest pause
	 */
	public TransientRetry(String path, MeterRegistry meters, BooleanSupplier running, Duration first,
			Duration longest) {
		this.running = running;
		this.template = new RetryTemplate(RetryPolicy.builder()
			.maxRetries(Long.MAX_VALUE)
			.delay(first)
			.multiplier(2)
			.maxDelay(longest)
			.predicate((failure) -> running.getAsBoolean() && FailureKind.isTransient(failure))
			.build());
		Counter retries = Counter.builder("car.retries")
			.description("Steps tried again after a transient failure")
			.tag("path", path)
			.register(meters);
		this.template.setRetryListener(new RetryListener() {

			@Override
			public void onRetryFailure(RetryPolicy policy, Retryable<?> retryable, Throwable failure) {
				if (running.getAsBoolean() && FailureKind.isTransient(failure)) {
					retries.increment();
					logger.atWarn()
						.setMessage("Transient failure; trying again")
						.addKeyValue("path", path)
						.addKeyValue("failure", failure.toString())
						.log();
				}
			}

		});
	}

	/**
	 * @param step the step
	 * @param <T> what it returns
	 * @return what it returned once it went through
	 * @throws RuntimeException the step's permanent failure, as thrown
	 * @throws CancellationException if the path stopped while the step failed
	 */
	public <T> T call(Supplier<T> step) {
		try {
			return this.template.execute(step::get);
		}
		catch (RetryException ex) {
			if (!this.running.getAsBoolean() && FailureKind.isTransient(ex.getLastException())) {
				throw new CancellationException("stopped while retrying: " + ex.getLastException());
			}
			Throwable failure = ex.getLastException();
			if (failure instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (failure instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException(failure);
		}
	}

}
