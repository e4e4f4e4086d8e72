/**
 * Server-sent events of each command's transitions, read from PostgreSQL, so a stream
 * sees transitions whichever instance made them.
 */
package com.opencar.car.command.events;
