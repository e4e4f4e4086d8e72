package com.opencar.car.process.progress;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How one consuming or publishing path is getting on, as the path reports it: work waits,
 * work went through, nothing waits. {@link StuckPaths} reads it to find a path that has
 * had work waiting without any progress for too long: a retry that never succeeds, a call
 * that never returns.
 * <p>
 * Calls are cheap (two volatile fields) and may come from any thread.
 */
public final class PathProgress {

	private final String path;

	private final LongSupplier nanoTime;

	private volatile boolean waiting;

	/** When the current wait began, or the last progress within it. */
	private volatile long since;

	PathProgress(String path, LongSupplier nanoTime) {
		this.path = path;
		this.nanoTime = nanoTime;
	}

	/**
	 * @return the path's name, as health and metrics show it
	 */
	public String path() {
		return this.path;
	}

	/**
	 * Work waits for the path: starts the clock unless it runs already.
	 */
	public void waiting() {
		if (!this.waiting) {
			this.since = this.nanoTime.getAsLong();
			this.waiting = true;
		}
	}

	/**
	 * Work went through (or was set aside for good, which is progress too): restarts the
	 * clock.
	 */
	public void progressed() {
		this.since = this.nanoTime.getAsLong();
	}

	/**
	 * Nothing waits for the path any more.
	 */
	public void idle() {
		this.waiting = false;
	}

	/**
	 * @return how long work has waited without progress; zero while nothing waits
	 */
	public Duration stalledFor() {
		if (!this.waiting) {
			return Duration.ZERO;
		}
		return Duration.ofNanos(Math.max(0, this.nanoTime.getAsLong() - this.since));
	}

}
