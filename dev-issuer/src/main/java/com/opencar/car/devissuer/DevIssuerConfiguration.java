package com.opencar.car.devissuer;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * An OpenID Connect provider with two clients: {@code dashboard} (authorization code with
 * PKCE, for the analytics dashboard's sign-in) and {@code platform-cli} (client
 * credentials, for scripts). Every token carries {@code roles} and {@code fleets}, and
 * access tokens the platform's audience.
 */
@Configuration(proxyBeanMethods = false)
class DevIssuerConfiguration {

	@Bean
	@Order(1)
	SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
		http.oauth2AuthorizationServer((server) -> {
			http.securityMatcher(server.getEndpointsMatcher());
			server.oidc(Customizer.withDefaults());
		})
			.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			// people are sent to sign in; machines get 401
			.exceptionHandling((exceptions) -> exceptions.defaultAuthenticationEntryPointFor(
					new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain signIn(HttpSecurity http) throws Exception {
		return http.authorizeHttpRequests(
				(requests) -> requests.requestMatchers("/actuator/health/**").permitAll().anyRequest().authenticated())
			.formLogin(Customizer.withDefaults())
			.build();
	}

	@Bean
	UserDetailsService users() {
		return new InMemoryUserDetailsManager(DevUsers.USERS.keySet()
			.stream()
			.map((name) -> User.withUsername(name).password("{noop}" + DevUsers.PASSWORD).roles("USER").build())
			.toList());
	}

	@Bean
	RegisteredClientRepository clients(DevIssuerProperties properties) {
		RegisteredClient dashboard = RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId("dashboard")
			.clientSecret("{noop}" + properties.dashboardSecret())
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
			.redirectUris((uris) -> uris.addAll(properties.dashboardRedirectUris()))
			.scope(OidcScopes.OPENID)
			.scope(OidcScopes.PROFILE)
			.clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
			.tokenSettings(TokenSettings.builder().accessTokenTimeToLive(Duration.ofMinutes(30)).build())
			.build();
		RegisteredClient cli = RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId("platform-cli")
			.clientSecret("{noop}" + properties.cliSecret())
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.tokenSettings(TokenSettings.builder().accessTokenTimeToLive(Duration.ofHours(8)).build())
			.build();
		return new InMemoryRegisteredClientRepository(dashboard, cli);
	}

	@Bean
	JWKSource<SecurityContext> signingKey() {
		return new ImmutableJWKSet<>(new JWKSet(DevIssuerKey.rsaKey()));
	}

	@Bean
	AuthorizationServerSettings settings(DevIssuerProperties properties) {
		return AuthorizationServerSettings.builder().issuer(properties.issuer()).build();
	}

	@Bean
	OAuth2TokenCustomizer<JwtEncodingContext> rolesAndFleets(DevIssuerProperties properties) {
		return (context) -> {
			boolean accessToken = OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType());
			boolean idToken = OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue());
			if (!accessToken && !idToken) {
				return;
			}
			DevUsers.Grant grant = AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())
					? DevUsers.CLI : DevUsers.USERS.get(context.getPrincipal().getName());
			if (grant == null) {
				return;
			}
			context.getClaims().claim("roles", grant.roles()).claim("fleets", grant.fleets());
			if (accessToken) {
				context.getClaims().audience(List.of(properties.audience()));
			}
		};
	}

}
