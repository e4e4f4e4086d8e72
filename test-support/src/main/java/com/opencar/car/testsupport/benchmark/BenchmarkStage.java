package com.opencar.car.testsupport.benchmark;

import java.util.Map;

/**
 * One row of the suite's table: a stage of the data path, the ceiling measured in the
 * same run (what the infrastructure alone does, when there is such a thing) and the
 * platform's figure.
 *
 * @param benchmark the benchmark that measured it
 * @param stage what was measured
 * @param unit the unit of {@code ceiling} and {@code platform}, e.g. {@code msg/s}
 * @param ceiling the infrastructure alone, or null where the stage has no ceiling
 * @param platform the platform's figure
 * @param higherIsBetter true for rates, false for latencies
 * @param details further figures (percentiles, counts), by name
 */
public record BenchmarkStage(String benchmark, String stage, String unit, Double ceiling, double platform,
		boolean higherIsBetter, Map<String, Double> details) {

	public BenchmarkStage {
		details = Map.copyOf(details);
	}

	/**
	 * A rate measured against its ceiling.
	 * @param benchmark the benchmark
	 * @param stage the stage
	 * @param unit the unit
	 * @param ceiling the infrastructure alone
	 * @param platform the platform
	 * @param details further figures
	 * @return the stage
	 */
	public static BenchmarkStage rate(String benchmark, String stage, String unit, Double ceiling, double platform,
			Map<String, Double> details) {
		return new BenchmarkStage(benchmark, stage, unit, ceiling, platform, true, details);
	}

	/**
	 * A latency (lower is better), with or without a ceiling.
	 * @param benchmark the benchmark
	 * @param stage the stage
	 * @param ceiling the infrastructure alone, or null
	 * @param milliseconds the platform's latency
	 * @param details further figures
	 * @return the stage
	 */
	public static BenchmarkStage latency(String benchmark, String stage, Double ceiling, double milliseconds,
			Map<String, Double> details) {
		return new BenchmarkStage(benchmark, stage, "ms", ceiling, milliseconds, false, details);
	}

	/**
	 * @return platform / ceiling for rates, ceiling / platform for latencies (so 1.0 is
	 * "as good as the infrastructure alone" either way), or null without a ceiling
	 */
	public Double ratio() {
		if (this.ceiling == null || this.ceiling == 0 || this.platform == 0) {
			return null;
		}
		return this.higherIsBetter ? this.platform / this.ceiling : this.ceiling / this.platform;
	}

}
