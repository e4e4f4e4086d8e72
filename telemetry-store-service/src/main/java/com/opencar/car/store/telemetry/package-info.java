/**
 * Telemetry into PostgreSQL: the daily-partitioned {@code telemetry} table with its
 * retention, written in batches together with {@code vehicle_state}.
 */
package com.opencar.car.store.telemetry;
