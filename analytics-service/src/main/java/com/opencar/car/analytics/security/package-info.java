/**
 * Who may call what: bearer tokens with the viewer role for the read APIs; whether a
 * caller may see a given vehicle is checked where it is looked up.
 */
package com.opencar.car.analytics.security;
