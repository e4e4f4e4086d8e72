/**
 * The trips and driver-score APIs over the rules' state stores.
 */
package com.opencar.car.analytics.trip;
