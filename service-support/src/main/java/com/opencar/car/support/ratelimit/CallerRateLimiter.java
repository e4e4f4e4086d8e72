package com.opencar.car.support.ratelimit;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;

import com.opencar.car.support.web.ProblemJson;

/**
 * Takes a token from the caller's bucket before a {@code POST} is handled; an empty
 * bucket answers 429, a problem detail, with the seconds until the next token in
 * {@code Retry-After}. The caller is the authenticated principal, or the client address
 * while the API is not authenticated. Buckets live in a bounded cache, so many callers
 * cannot exhaust memory.
 */
public class CallerRateLimiter implements HandlerInterceptor {

	private final RateLimit limit;

	private final String what;

	private final Cache<String, Bucket> buckets;

	private final TimeMeter clock;

	/**
	 * @param limit each caller's allowance
	 * @param what what is limited, plural, for the problem detail: "commands"
	 */
	public CallerRateLimiter(RateLimit limit, String what) {
		this(limit, what, TimeMeter.SYSTEM_MILLISECONDS);
	}

	/**
	 * With the clock the buckets refill by: a test's, to show recovery without waiting.
	 */
	CallerRateLimiter(RateLimit limit, String what, TimeMeter clock) {
		this.limit = limit;
		this.what = what;
		this.clock = clock;
		this.buckets = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(limit.idleExpiry()).build();
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws IOException {
		// an asynchronous controller's result comes back on a second (ASYNC) dispatch of
		// the same request: counted once
		if (!"POST".equals(request.getMethod()) || request.getDispatcherType() == DispatcherType.ASYNC) {
			return true;
		}
		ConsumptionProbe probe = this.buckets.get(caller(request), (caller) -> newBucket())
			.tryConsumeAndReturnRemaining(1);
		if (probe.isConsumed()) {
			response.setHeader("X-RateLimit-Remaining", Long.toString(probe.getRemainingTokens()));
			return true;
		}
		long wait = probe.getNanosToWaitForRefill();
		long retryAfter = Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
		response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
		ProblemJson.write(response, "rate-limited", "Too many " + this.what,
				"At most " + this.limit.burst() + " " + this.what + " at once and " + this.limit.refill() + " per "
						+ this.limit.refillPeriod().toSeconds() + " s per caller; retry in " + retryAfter + " s",
				Map.of("retryAfterSeconds", retryAfter));
		return false;
	}

	private Bucket newBucket() {
		return Bucket.builder()
			.addLimit(Bandwidth.builder()
				.capacity(this.limit.burst())
				.refillGreedy(this.limit.refill(), this.limit.refillPeriod())
				.build())
			.withCustomTimePrecision(this.clock)
			.build();
	}

	private static String caller(HttpServletRequest request) {
		return (request.getUserPrincipal() != null) ? "principal:" + request.getUserPrincipal().getName()
				: "address:" + request.getRemoteAddr();
	}

}
