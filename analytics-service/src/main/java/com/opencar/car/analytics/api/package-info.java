/**
 * What every read API shares: its problem details and the refusals behind them.
 */
package com.opencar.car.analytics.api;
