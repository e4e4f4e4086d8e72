/**
 * A vehicle's telemetry history, aggregated into time buckets in SQL from the store's
 * {@code telemetry_v1} view.
 */
package com.opencar.car.analytics.history;
