package com.opencar.car.command.catalogue;

import java.util.Map;

import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.opencar.car.command.catalogue.CommandCatalogue.ParamError;
import com.opencar.car.common.command.CommandType;

import static org.assertj.core.api.Assertions.assertThat;

class CommandCatalogueTests {

	private final ValidatorFactory validation = Validation.buildDefaultValidatorFactory();

	private final CommandCatalogue catalogue = new CommandCatalogue(this.validation.getValidator());

	@AfterEach
	void close() {
		this.validation.close();
	}

	@Test
	void acceptsValidParameters() {
		assertThat(this.catalogue.validate(CommandType.START_CLIMATE, Map.of("targetTemperatureC", 21.5))).isEmpty();
		assertThat(this.catalogue.validate(CommandType.SET_CHARGE_LIMIT, Map.of("percent", 80))).isEmpty();
		assertThat(this.catalogue.validate(CommandType.LOCK_DOORS, null)).isEmpty();
		assertThat(this.catalogue.validate(CommandType.LOCATE, Map.of())).isEmpty();
	}

	@Test
	void namesWhatIsWrongWithEachParameter() {
		assertThat(this.catalogue.validate(CommandType.START_CLIMATE, Map.of()))
			.containsExactly(new ParamError("params.targetTemperatureC", "must not be null"));
		assertThat(this.catalogue.validate(CommandType.START_CLIMATE, Map.of("targetTemperatureC", 45))).singleElement()
			.satisfies((error) -> assertThat(error.message()).contains("30.0"));
		assertThat(this.catalogue.validate(CommandType.SET_CHARGE_LIMIT, Map.of("percent", 20))).singleElement()
			.satisfies((error) -> {
				assertThat(error.field()).isEqualTo("params.percent");
				assertThat(error.message()).contains("50");
			});
		assertThat(this.catalogue.validate(CommandType.SET_CHARGE_LIMIT, Map.of("percent", 80.5)))
			.containsExactly(new ParamError("params.percent", "has the wrong type"));
		assertThat(this.catalogue.validate(CommandType.SET_CHARGE_LIMIT, Map.of("percent", "eighty")))
			.containsExactly(new ParamError("params.percent", "has the wrong type"));
		assertThat(this.catalogue.validate(CommandType.LOCK_DOORS, Map.of("force", true)))
			.containsExactly(new ParamError("params.force", "LOCK_DOORS takes no parameter 'force'"));
	}

	@ParameterizedTest
	@EnumSource(CommandType.class)
	void everyCommandTypeIsCatalogued(CommandType type) {
		assertThat(this.catalogue.actuator(type)).isNotBlank();
	}

}
