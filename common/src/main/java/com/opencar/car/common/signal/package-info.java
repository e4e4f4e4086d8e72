/**
 * The COVESA Vehicle Signal Specification (VSS) signals the platform understands, with
 * their units and value types. Telemetry may carry other VSS paths too: they are kept,
 * not rejected.
 */
package com.opencar.car.common.signal;
