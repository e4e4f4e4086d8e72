/**
 * Raw telemetry documents in MongoDB: the original payload and metadata of every message,
 * kept for the retention period.
 */
package com.opencar.car.store.raw;
