package com.opencar.car.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * CPU time and resident memory of the processes a benchmark runs, read from Linux's
 * {@code /proc}: this JVM (the harness with whatever servers it embeds) and each of its
 * child processes together with the children's own descendants (PostgreSQL's backends,
 * for one), named by what they run. Sampled on demand; the peak memory is the largest
 * resident size seen in any sample.
 */
final class ProcessSampler {

	private final Map<String, Long> peakRss = new ConcurrentHashMap<>();

	private final Map<String, Duration> cpuAtStart;

	private final long startedNanos = System.nanoTime();

	ProcessSampler() {
		this.cpuAtStart = cpu();
	}

	/** Records the current resident sizes. */
	void sample() {
		groups().forEach((name, processes) -> this.peakRss.merge(name,
				processes.stream().mapToLong(ProcessSampler::rssBytes).sum(), Math::max));
	}

	/**
	 * @return per process group: CPU used since this sampler was made, as cores busy on
	 * average, and the peak resident memory in MiB
	 */
	Map<String, double[]> report() {
		sample();
		double seconds = (System.nanoTime() - this.startedNanos) / 1e9;
		Map<String, double[]> report = new LinkedHashMap<>();
		cpu().forEach((name, cpu) -> {
			Duration used = cpu.minus(this.cpuAtStart.getOrDefault(name, Duration.ZERO));
			report.put(name, new double[] { used.toMillis() / 1000.0 / seconds,
					this.peakRss.getOrDefault(name, 0L) / (1024.0 * 1024.0) });
		});
		return report;
	}

	private Map<String, Duration> cpu() {
		Map<String, Duration> cpu = new LinkedHashMap<>();
		groups().forEach((name, processes) -> cpu.put(name,
				processes.stream()
					.map((process) -> process.info().totalCpuDuration().orElse(Duration.ZERO))
					.reduce(Duration.ZERO, Duration::plus)));
		return cpu;
	}

	private static Map<String, List<ProcessHandle>> groups() {
		Map<String, List<ProcessHandle>> groups = new LinkedHashMap<>();
		groups.put("benchmark JVM (Kafka, MongoDB emulator, harness)", List.of(ProcessHandle.current()));
		ProcessHandle.current().children().forEach((child) -> {
			List<ProcessHandle> members = Stream.concat(Stream.of(child), child.descendants()).toList();
			groups.merge(name(child), members, (one, other) -> Stream.concat(one.stream(), other.stream()).toList());
		});
		// embedded PostgreSQL starts through pg_ctl, so its server is no child of ours
		if (!groups.containsKey("postgresql")) {
			List<ProcessHandle> postgres = ProcessHandle.allProcesses()
				.filter((process) -> process.info().command().orElse("").endsWith("/postgres"))
				.toList();
			if (!postgres.isEmpty()) {
				groups.put("postgresql", postgres);
			}
		}
		return groups;
	}

	private static String name(ProcessHandle process) {
		String command = process.info().commandLine().orElse(process.info().command().orElse("?"));
		int jar = command.indexOf("-0.1.0-SNAPSHOT-exec.jar");
		if (jar > 0) {
			String path = command.substring(0, jar);
			return path.substring(path.lastIndexOf('/') + 1);
		}
		if (command.contains("mosquitto")) {
			return "mosquitto";
		}
		if (command.contains("postgres")) {
			return "postgresql";
		}
		return Path.of(process.info().command().orElse("?")).getFileName().toString();
	}

	private static long rssBytes(ProcessHandle process) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
				}
			}
		}
		catch (IOException ex) {
			// gone meanwhile
		}
		return 0;
	}

}
