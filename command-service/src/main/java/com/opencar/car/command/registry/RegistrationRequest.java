package com.opencar.car.command.registry;

import com.opencar.car.common.registry.CredentialsStatus;

/**
 * The body of a registration ({@code POST}, which also takes the VIN) or an update
 * ({@code PUT}, which also takes the credentials status).
 *
 * @param vin the vehicle (POST)
 * @param fleet its fleet
 * @param model its model
 * @param displayName the name people know it by
 * @param credentials whether its credentials are accepted (PUT)
 */
record RegistrationRequest(String vin, String fleet, String model, String displayName, CredentialsStatus credentials) {

}
