/**
 * Telling transient failures from permanent ones, and retrying only the transient, for
 * every consuming and publishing path of the services.
 */
package com.opencar.car.process.failure;
