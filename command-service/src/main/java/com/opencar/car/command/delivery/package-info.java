/**
 * The command aggregate: a command's delivery to one car, its guarded lifecycle and its
 * audit history, persisted with JPA.
 */
package com.opencar.car.command.delivery;
