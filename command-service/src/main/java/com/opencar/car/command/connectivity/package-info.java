/**
 * Which cars are online, kept from {@code vehicle.connectivity.v1}.
 */
package com.opencar.car.command.connectivity;
