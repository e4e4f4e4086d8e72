/**
 * The JSON codec of the contract: strict parsing of what cars send, with a named
 * {@link com.opencar.car.common.json.PayloadViolation} saying why a payload is invalid,
 * and canonical writing of the normalized records.
 */
package com.opencar.car.common.json;
