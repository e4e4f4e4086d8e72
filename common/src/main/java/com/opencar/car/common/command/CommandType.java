package com.opencar.car.common.command;

/**
 * The command catalogue cars understand. Parameter rules live with the command service.
 */
public enum CommandType {

	LOCK_DOORS, UNLOCK_DOORS, HONK_AND_FLASH, START_CLIMATE, STOP_CLIMATE, SET_CHARGE_LIMIT, START_CHARGING,
	STOP_CHARGING, LOCATE

}
