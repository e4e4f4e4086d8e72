/**
 * The load generator every benchmark and the simulator's load mode share: operations
 * issued at a fixed rate or as fast as a window of operations in flight allows, each
 * timed to its completion, and the latency percentiles of a run.
 */
package com.opencar.car.simulator.load;
