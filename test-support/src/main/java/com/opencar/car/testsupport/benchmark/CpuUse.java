package com.opencar.car.testsupport.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import com.sun.management.OperatingSystemMXBean;

/**
 * CPU time spent between two readings: by the whole machine (every process: the services,
 * their databases and brokers, the harness) and by this JVM. Per unit of work it is what
 * a benchmark on a shared machine can compare from run to run, when the rate depends on
 * what else ran.
 *
 * @param machineNanos busy CPU time of the machine, from {@code /proc/stat} (0 where
 * there is none)
 * @param jvmNanos CPU time of this JVM
 */
public record CpuUse(long machineNanos, long jvmNanos) {

	private static final Path STAT = Path.of("/proc/stat");

	/** Linux reports {@code /proc/stat} in USER_HZ ticks, 100 a second. */
	private static final long NANOS_PER_TICK = 10_000_000;

	/**
	 * @return the CPU time used so far, to subtract from a later reading
	 */
	public static CpuUse now() {
		long jvm = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
		return new CpuUse(machineBusyNanos(), jvm);
	}

	/**
	 * @param earlier an earlier reading
	 * @return the CPU time used since it
	 */
	public CpuUse since(CpuUse earlier) {
		return new CpuUse(this.machineNanos - earlier.machineNanos, this.jvmNanos - earlier.jvmNanos);
	}

	/**
	 * @param units how many units of work were done in the time
	 * @return a line such as {@code CPU per command: machine 4.1 ms, this JVM 3.0 ms}
	 */
	public String per(long units, String unit) {
		return String.format("CPU per %s: machine %.2f ms, this JVM %.2f ms", unit, this.machineNanos / 1e6 / units,
				this.jvmNanos / 1e6 / units);
	}

	private static long machineBusyNanos() {
		if (!Files.isReadable(STAT)) {
			return 0;
		}
		try {
			// cpu user nice system idle iowait irq softirq steal …: busy is all but idle
			// and
			// iowait
			long[] ticks = Arrays.stream(Files.readAllLines(STAT).get(0).trim().split("\\s+"))
				.skip(1)
				.limit(8)
				.mapToLong(Long::parseLong)
				.toArray();
			return (ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6] + ticks[7]) * NANOS_PER_TICK;
		}
		catch (IOException ex) {
			return 0;
		}
	}

}
