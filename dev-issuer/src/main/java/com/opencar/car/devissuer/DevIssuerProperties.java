package com.opencar.car.devissuer;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The development issuer's settings.
 *
 * @param issuer its URL, the {@code iss} of its tokens; the services expect
 * {@code http://localhost:9000} under the profile {@code dev-issuer}
 * @param audience the {@code aud} of its access tokens
 * @param dashboardRedirectUris where the dashboard client may be sent back after sign-in
 * (a loopback IP address matches any port)
 * @param dashboardSecret the dashboard client's secret
 * @param cliSecret the secret of the {@code platform-cli} client, which mints tokens for
 * scripts (client credentials)
 */
@ConfigurationProperties("car.dev-issuer")
public record DevIssuerProperties(@DefaultValue("http://localhost:9000") String issuer,
		@DefaultValue("connected-car") String audience,
		@DefaultValue("http://127.0.0.1:8084/login/oauth2/code/dashboard") List<String> dashboardRedirectUris,
		@DefaultValue("dev-dashboard-secret") String dashboardSecret,
		@DefaultValue("dev-cli-secret") String cliSecret) {

}
