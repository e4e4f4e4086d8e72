/**
 * The one-command local platform: embedded infrastructure and the services as child
 * processes.
 */
package com.opencar.car.platform;
