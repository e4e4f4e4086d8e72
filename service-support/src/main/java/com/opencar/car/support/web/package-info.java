/**
 * Servlet-level responses the services' filters and interceptors write themselves,
 * outside Spring MVC's exception handling.
 */
package com.opencar.car.support.web;
