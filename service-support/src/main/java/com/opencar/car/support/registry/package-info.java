/**
 * The vehicle registry as the services see it: which fleet each vehicle belongs to, read
 * from {@code vehicle.registry.v1} (or from the registry's own tables in the service that
 * owns it).
 */
package com.opencar.car.support.registry;
