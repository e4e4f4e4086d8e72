/**
 * Who may call what: bearer tokens from the configured issuer, roles per endpoint.
 * Whether a caller may see a given vehicle or command is checked where it is looked up.
 */
package com.opencar.car.command.security;
