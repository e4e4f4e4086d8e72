/**
 * The command catalogue: each command type's parameters, their rules, and the VSS
 * actuator it sets.
 */
package com.opencar.car.command.catalogue;
