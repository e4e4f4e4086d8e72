/**
 * The alerts API, over the alerts the store keeps ({@code alerts_v1}).
 */
package com.opencar.car.analytics.alert;
