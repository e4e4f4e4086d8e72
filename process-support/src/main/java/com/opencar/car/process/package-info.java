/**
 * The process around a deployable: how it ends when its orchestrator stops it.
 */
package com.opencar.car.process;
