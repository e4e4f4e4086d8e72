package com.opencar.car.testsupport.security;

import org.springframework.boot.resttestclient.autoconfigure.RestTestClientBuilderCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;

/**
 * Makes the test's {@code RestTestClient} call as the platform's own test caller (admin
 * of every fleet), for tests that are about something other than authorization. Import it
 * into the test's context.
 */
@TestConfiguration(proxyBeanMethods = false)
public class PlatformCaller {

	@Bean
	RestTestClientBuilderCustomizer platformCallerToken() {
		return (builder) -> builder.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + DevIssuer.platformToken());
	}

}
