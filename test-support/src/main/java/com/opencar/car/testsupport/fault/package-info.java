/**
 * Network faults between a client and a real server: a TCP proxy that cuts, slows and
 * black-holes connections on command.
 */
package com.opencar.car.testsupport.fault;
