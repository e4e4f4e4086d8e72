/**
 * The REST API: create, read, list and cancel commands, with problem details for every
 * error.
 */
package com.opencar.car.command.api;
