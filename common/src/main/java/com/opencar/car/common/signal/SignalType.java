package com.opencar.car.common.signal;

/**
 * The JSON value type a VSS signal is carried as.
 */
public enum SignalType {

	NUMBER, BOOLEAN, STRING

}
