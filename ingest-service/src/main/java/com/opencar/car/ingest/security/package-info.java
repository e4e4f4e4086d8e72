/**
 * Who may submit telemetry over HTTP: bearer tokens with the ingest role, for vehicles of
 * the token's fleets (checked in the controller).
 */
package com.opencar.car.ingest.security;
