package com.opencar.car.support.ratelimit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bucket4j.TimeMeter;
import jakarta.servlet.DispatcherType;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limiter's decisions, on servlet requests made in the test: each caller has its own
 * bucket, only {@code POST}s count, an asynchronous dispatch is not counted again, and
 * the refusal is a problem detail with {@code Retry-After}. The services' integration
 * tests show it on their real endpoints.
 */
class CallerRateLimiterTests {

	/** Milliseconds on the test's clock. */
	private final AtomicLong now = new AtomicLong();

	private final CallerRateLimiter limiter = new CallerRateLimiter(
			new RateLimit(2, 1, Duration.ofSeconds(1), Duration.ofMinutes(1)), "commands", new TimeMeter() {

				@Override
				public long currentTimeNanos() {
					return TimeUnit.MILLISECONDS.toNanos(CallerRateLimiterTests.this.now.get());
				}

				@Override
				public boolean isWallClockBased() {
					return false;
				}

			});

	@Test
	void refusesTheCallerBeyondTheBurstWithAProblemAndRetryAfter() throws Exception {
		assertThat(allowed(post("10.0.0.1"))).isTrue();
		assertThat(allowed(post("10.0.0.1"))).isTrue();
		MockHttpServletResponse refused = new MockHttpServletResponse();
		assertThat(this.limiter.preHandle(post("10.0.0.1"), refused, new Object())).isFalse();
		assertThat(refused.getStatus()).isEqualTo(429);
		assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
		assertThat(refused.getContentType()).startsWith("application/problem+json");
		assertThat(refused.getContentAsString()).contains("\"type\":\"urn:car:problem:rate-limited\"",
				"\"title\":\"Too many commands\"", "\"status\":429", "\"retryAfterSeconds\":1");
	}

	@Test
	void recoversAsTheBucketRefills() throws Exception {
		assertThat(allowed(post("10.0.0.4"))).isTrue();
		assertThat(allowed(post("10.0.0.4"))).isTrue();
		assertThat(allowed(post("10.0.0.4"))).isFalse();
		this.now.addAndGet(400);
		MockHttpServletResponse stillRefused = new MockHttpServletResponse();
		assertThat(this.limiter.preHandle(post("10.0.0.4"), stillRefused, new Object())).isFalse();
		// 0.6 s until the next token, rounded up
		assertThat(stillRefused.getHeader("Retry-After")).isEqualTo("1");
		this.now.addAndGet(600);
		assertThat(allowed(post("10.0.0.4"))).isTrue();
		assertThat(allowed(post("10.0.0.4"))).isFalse();
		this.now.addAndGet(2_000);
		assertThat(allowed(post("10.0.0.4"))).isTrue();
		assertThat(allowed(post("10.0.0.4"))).isTrue();
		assertThat(allowed(post("10.0.0.4"))).isFalse();
	}

	@Test
	void eachCallerHasItsOwnBucket() throws Exception {
		assertThat(allowed(post("10.0.0.1"))).isTrue();
		assertThat(allowed(post("10.0.0.1"))).isTrue();
		assertThat(allowed(post("10.0.0.1"))).isFalse();
		assertThat(allowed(post("10.0.0.2"))).isTrue();
		MockHttpServletRequest alice = post("10.0.0.1");
		alice.setUserPrincipal(() -> "alice");
		assertThat(allowed(alice)).isTrue();
	}

	@Test
	void countsOnlyPostsAndEachRequestOnce() throws Exception {
		for (int index = 0; index < 5; index++) {
			MockHttpServletRequest get = post("10.0.0.3");
			get.setMethod("GET");
			assertThat(allowed(get)).isTrue();
			MockHttpServletRequest asyncDispatch = post("10.0.0.3");
			asyncDispatch.setDispatcherType(DispatcherType.ASYNC);
			assertThat(allowed(asyncDispatch)).isTrue();
		}
		assertThat(allowed(post("10.0.0.3"))).isTrue();
		assertThat(allowed(post("10.0.0.3"))).isTrue();
		assertThat(allowed(post("10.0.0.3"))).isFalse();
	}

	private boolean allowed(MockHttpServletRequest request) throws Exception {
		return this.limiter.preHandle(request, new MockHttpServletResponse(), new Object());
	}

	private static MockHttpServletRequest post(String address) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/vehicles/X/commands");
		request.setRemoteAddr(address);
		return request;
	}

}
