package com.opencar.car.testsupport.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where the benchmarks leave their figures: {@code <benchmark>.json} in the directory the
 * system property {@value #DIRECTORY_PROPERTY} names (the suite's script sets it to one
 * directory for all modules), else in {@code target/benchmark-results} of the module. The
 * suite's last step reads them all and writes the combined table and JSON.
 */
public final class BenchmarkResults {

	/** The system property naming the results directory. */
	public static final String DIRECTORY_PROPERTY = "bench.results";

	private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private static final TypeReference<List<BenchmarkStage>> STAGES = new TypeReference<>() {
	};

	private BenchmarkResults() {
	}

	/**
	 * @return the results directory
	 */
	public static Path directory() {
		String configured = System.getProperty(DIRECTORY_PROPERTY);
		return (configured == null || configured.isBlank()) ? Path.of("target", "benchmark-results")
				: Path.of(configured);
	}

	/**
	 * Records one benchmark's stages, replacing what an earlier run of it left.
	 * @param benchmark the benchmark's name, also the file's
	 * @param stages its stages
	 * @return the file written
	 */
	public static Path record(String benchmark, List<BenchmarkStage> stages) {
		try {
			Path file = Files.createDirectories(directory()).resolve(benchmark + ".json");
			JSON.writeValue(file.toFile(), stages);
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * @param directory a results directory
	 * @return every stage recorded there, by benchmark file name
	 */
	public static List<BenchmarkStage> readAll(Path directory) {
		if (!Files.isDirectory(directory)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(directory)) {
			List<BenchmarkStage> stages = new ArrayList<>();
			for (Path file : files.filter((path) -> path.getFileName().toString().endsWith(".json"))
				.filter((path) -> !path.getFileName().toString().startsWith("suite"))
				.sorted(Comparator.comparing(Path::getFileName))
				.toList()) {
				stages.addAll(JSON.readValue(file.toFile(), STAGES));
			}
			return stages;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Writes {@code suite.md} and {@code suite.json} into the directory from every
	 * benchmark's results there.
	 * @param directory the results directory
	 * @param machine a description of the machine
	 * @return the Markdown written
	 */
	public static String writeSuite(Path directory, String machine) {
		List<BenchmarkStage> stages = readAll(directory);
		String markdown = markdown(stages, machine);
		Map<String, Object> suite = new LinkedHashMap<>();
		suite.put("finishedAt", Instant.now().toString());
		suite.put("machine", machine);
		suite.put("stages", stages.stream().map(BenchmarkResults::withRatio).toList());
		try {
			Files.createDirectories(directory);
			Files.writeString(directory.resolve("suite.md"), markdown);
			JSON.writeValue(directory.resolve("suite.json").toFile(), suite);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return markdown;
	}

	/**
	 * @param stages the stages
	 * @param machine a description of the machine
	 * @return the suite's Markdown table
	 */
	public static String markdown(List<BenchmarkStage> stages, String machine) {
		StringBuilder markdown = new StringBuilder("Machine: " + machine + "\n\n");
		markdown.append("| benchmark | stage | unit | ceiling | platform | ratio | details |\n");
		markdown.append("|---|---|---|---:|---:|---:|---|\n");
		for (BenchmarkStage stage : stages) {
			markdown.append("| ")
				.append(stage.benchmark())
				.append(" | ")
				.append(stage.stage())
				.append(" | ")
				.append(stage.unit())
				.append(" | ")
				.append((stage.ceiling() != null) ? number(stage.ceiling()) : "—")
				.append(" | ")
				.append(number(stage.platform()))
				.append(" | ")
				.append((stage.ratio() != null) ? String.format(Locale.ROOT, "%.2f", stage.ratio()) : "—")
				.append(" | ")
				.append(stage.details()
					.entrySet()
					.stream()
					.sorted(Map.Entry.comparingByKey())
					.map((detail) -> detail.getKey() + " " + number(detail.getValue()))
					.collect(Collectors.joining(", ")))
				.append(" |\n");
		}
		return markdown.toString();
	}

	private static Map<String, Object> withRatio(BenchmarkStage stage) {
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("benchmark", stage.benchmark());
		row.put("stage", stage.stage());
		row.put("unit", stage.unit());
		row.put("ceiling", stage.ceiling());
		row.put("platform", stage.platform());
		row.put("ratio", stage.ratio());
		row.put("details", stage.details());
		return row;
	}

	private static String number(double value) {
		return (Math.abs(value) >= 100) ? String.format(Locale.ROOT, "%,.0f", value)
				: String.format(Locale.ROOT, "%.1f", value);
	}

}
