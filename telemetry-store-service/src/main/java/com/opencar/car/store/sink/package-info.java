/**
 * What every sink shares: batch consumption from Kafka, retries that never give up while
 * a database is unavailable, and dead letters for records a database will never take.
 */
package com.opencar.car.store.sink;
