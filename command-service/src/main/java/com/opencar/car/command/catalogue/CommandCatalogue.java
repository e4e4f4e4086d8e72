package com.opencar.car.command.catalogue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

import com.opencar.car.common.command.CommandType;

/**
 * What each command takes and what it does to the car. Parameters are bound to a record
 * per command type (unknown parameters refused) and checked with Bean Validation.
 */
@Component
public class CommandCatalogue {

	private static final Map<CommandType, Entry> ENTRIES = new EnumMap<>(CommandType.class);

	static {
		ENTRIES.put(CommandType.LOCK_DOORS, new Entry(NoParams.class, "Vehicle.Cabin.Door.*.IsLocked = true"));
		ENTRIES.put(CommandType.UNLOCK_DOORS, new Entry(NoParams.class, "Vehicle.Cabin.Door.*.IsLocked = false"));
		ENTRIES.put(CommandType.HONK_AND_FLASH,
				new Entry(NoParams.class, "Vehicle.Body.Horn.IsActive, Vehicle.Body.Lights.Hazard.IsSignaling"));
		ENTRIES.put(CommandType.START_CLIMATE, new Entry(StartClimate.class,
				"Vehicle.Cabin.HVAC.IsAirConditioningActive = true, Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature"
						+ " = targetTemperatureC"));
		ENTRIES.put(CommandType.STOP_CLIMATE,
				new Entry(NoParams.class, "Vehicle.Cabin.HVAC.IsAirConditioningActive = false"));
		ENTRIES.put(CommandType.SET_CHARGE_LIMIT,
				new Entry(SetChargeLimit.class, "Vehicle.Powertrain.TractionBattery.Charging.ChargeLimit = percent"));
		ENTRIES.put(CommandType.START_CHARGING,
				new Entry(NoParams.class, "Vehicle.Powertrain.TractionBattery.Charging.StartStopCharging = START"));
		ENTRIES.put(CommandType.STOP_CHARGING,
				new Entry(NoParams.class, "Vehicle.Powertrain.TractionBattery.Charging.StartStopCharging = STOP"));
		ENTRIES.put(CommandType.LOCATE, new Entry(NoParams.class, "none: the car answers with its position"));
	}

	private final ObjectMapper mapper = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
		.build();

	private final Validator validator;

	CommandCatalogue(Validator validator) {
		this.validator = validator;
	}

	/**
	 * @param type a command type
	 * @return the VSS actuators it sets, as documentation
	 */
	public String actuator(CommandType type) {
		return ENTRIES.get(type).actuator();
	}

	/**
	 * Checks a command's parameters.
	 * @param type the command type
	 * @param params the parameters as the client sent them ({@code null} for none)
	 * @return what is wrong, one entry per parameter; empty when they are valid
	 */
	public List<ParamError> validate(CommandType type, Map<String, Object> params) {
		Entry entry = ENTRIES.get(type);
		Object bound;
		try {
			bound = this.mapper.convertValue((params != null) ? params : Map.of(), entry.params());
		}
		catch (IllegalArgumentException | JacksonException ex) {
			return List.of(bindingError(type, ex));
		}
		Set<ConstraintViolation<Object>> violations = this.validator.validate(bound);
		List<ParamError> errors = new ArrayList<>();
		for (ConstraintViolation<Object> violation : violations) {
			errors.add(new ParamError("params." + violation.getPropertyPath(), violation.getMessage()));
		}
		errors.sort((one, other) -> one.field().compareTo(other.field()));
		return errors;
	}

	private static ParamError bindingError(CommandType type, Exception ex) {
		Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
		if (cause instanceof UnrecognizedPropertyException unknown) {
			return new ParamError("params." + unknown.getPropertyName(),
					type + " takes no parameter '" + unknown.getPropertyName() + "'");
		}
		if (cause instanceof tools.jackson.databind.DatabindException binding && !binding.getPath().isEmpty()) {
			String field = binding.getPath().get(0).getPropertyName();
			return new ParamError("params." + field, "has the wrong type");
		}
		return new ParamError("params", "cannot be read: " + cause.getMessage());
	}

	/**
	 * A parameter that is missing, unknown, of the wrong type or out of range.
	 *
	 * @param field the parameter, as {@code params.<name>}
	 * @param message what is wrong
	 */
	public record ParamError(String field, String message) {

	}

	private record Entry(Class<?> params, String actuator) {

	}

	/** Commands without parameters. */
	record NoParams() {

	}

	/**
	 * @param targetTemperatureC the cabin temperature to reach
	 */
	record StartClimate(@NotNull @DecimalMin("15.0") @DecimalMax("30.0") Double targetTemperatureC) {

	}

	/**
	 * @param percent the state of charge at which charging stops
	 */
	record SetChargeLimit(@NotNull @Min(50) @Max(100) Integer percent) {

	}

}
