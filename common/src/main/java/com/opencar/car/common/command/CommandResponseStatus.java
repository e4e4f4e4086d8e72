package com.opencar.car.common.command;

/**
 * What a car answers about a command on {@code vehicles/{vin}/command-responses}.
 */
public enum CommandResponseStatus {

	RECEIVED, SUCCEEDED, FAILED, REJECTED

}
