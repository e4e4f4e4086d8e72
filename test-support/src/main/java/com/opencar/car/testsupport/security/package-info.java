/**
 * The development issuer: JWTs signed with its fixed key, for tests and local runs.
 */
package com.opencar.car.testsupport.security;
