/**
 * Cars that keep books for end-to-end scenarios, and the books kept by the stores they
 * are compared with.
 */
package com.opencar.car.testsupport.fleet;
