/**
 * Servers of the infrastructure stand-in images that are built from Maven jars (see
 * {@code src/main/docker}).
 */
package com.opencar.car.containers.standin;
