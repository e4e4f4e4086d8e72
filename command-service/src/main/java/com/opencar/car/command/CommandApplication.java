package com.opencar.car.command;

import org.springframework.boot.SpringApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import com.opencar.car.common.json.VehicleJson;

/**
 * Starts the command service.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class CommandApplication {

	public static void main(String[] args) {
		SpringApplication.run(CommandApplication.class, args);
	}

	@Bean
	VehicleJson vehicleJson() {
		return new VehicleJson();
	}

}
