/**
 * Bearer-token security shared by the REST services: JWTs from a configured issuer, roles
 * from the {@code roles} claim, the fleets a caller may see from the {@code fleets}
 * claim, and problem details for 401 and 403.
 */
package com.opencar.car.support.security;
