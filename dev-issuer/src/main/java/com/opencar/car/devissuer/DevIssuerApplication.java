package com.opencar.car.devissuer;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Starts the development issuer.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DevIssuerApplication {

	public static void main(String[] args) {
		application().run(args);
	}

	/**
	 * @return the issuer's application, reading {@code dev-issuer.yml}: it may share a
	 * class path (a test's) with a service whose {@code application.yml} is not its own
	 */
	public static SpringApplication application() {
		SpringApplication application = new SpringApplication(DevIssuerApplication.class);
		application.setDefaultProperties(Map.of("spring.config.name", "dev-issuer"));
		return application;
	}

}
