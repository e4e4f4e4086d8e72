package com.opencar.car.testsupport;

/**
 * A server that was started, with what stops it.
 *
 * @param <T> the handle type
 * @param server the handle tests use
 * @param stop stops it and frees its files
 */
record Started<T>(T server, Runnable stop) {

}
