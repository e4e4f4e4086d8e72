package com.opencar.car.helm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import com.opencar.car.testsupport.Commands;
import com.opencar.car.testsupport.Commands.Result;

/**
 * Runs helm (Helm 4 unless told otherwise) on the chart and reads what it rendered.
 * Shared with the container checks (this module's test jar).
 */
public final class Helm {

	/** The chart, from this module or from a sibling module. */
	public static final Path CHART = (Files.isDirectory(Path.of("connected-car")) ? Path.of("connected-car")
			: Path.of("..", "helm", "connected-car"))
		.toAbsolutePath()
		.normalize();

	private Helm() {
	}

	/** {@code helm lint --strict} with a values file (or none). */
	static Result lint(Path valuesFile) {
		return lint(HelmBinary.HELM_4, valuesFile);
	}

	static Result lint(HelmBinary helm, Path valuesFile) {
		List<String> args = new ArrayList<>(List.of("lint", "--strict", CHART.toString()));
		if (valuesFile != null) {
			args.addAll(List.of("-f", valuesFile.toString()));
		}
		return run(helm, args);
	}

	/**
	 * {@code helm template} as release {@code cars} in namespace {@code vehicles}.
	 * @param extra further arguments: {@code -f file}, {@code --set k=v},
	 * {@code --api-versions ...}
	 */
	static Result template(String... extra) {
		return template(HelmBinary.HELM_4, extra);
	}

	static Result template(HelmBinary helm, String... extra) {
		List<String> args = new ArrayList<>(List.of("template", "cars", CHART.toString(), "--namespace", "vehicles"));
		// what every install must set (the token issuer, the dashboard's sign-in); the
		// arguments may override it
		args.addAll(List.of("-f", CHART.resolve("ci").resolve("default-values.yaml").toString()));
		args.addAll(List.of(extra));
		return run(helm, args);
	}

	/** {@code helm template} with nothing but the arguments, the chart's own defaults. */
	static Result templateWithChartDefaults(String... extra) {
		List<String> args = new ArrayList<>(List.of("template", "cars", CHART.toString(), "--namespace", "vehicles"));
		args.addAll(List.of(extra));
		return run(HelmBinary.HELM_4, args);
	}

	/**
	 * Helm 4 with exactly these arguments.
	 * @param args the arguments
	 * @return what it answered
	 */
	public static Result command(String... args) {
		return run(HelmBinary.HELM_4, List.of(args));
	}

	/** The rendered manifests; fails when helm did. */
	static List<Map<String, Object>> render(String... extra) {
		return render(HelmBinary.HELM_4, extra);
	}

	static List<Map<String, Object>> render(HelmBinary helm, String... extra) {
		Result result = template(helm, extra);
		if (result.exitCode() != 0) {
			throw new IllegalStateException("helm template failed: " + result.errors());
		}
		return manifests(result.output());
	}

	/**
	 * @param yaml what {@code helm template} printed
	 * @return its documents
	 */
	@SuppressWarnings("unchecked")
	public static List<Map<String, Object>> manifests(String yaml) {
		List<Map<String, Object>> manifests = new ArrayList<>();
		LoaderOptions options = new LoaderOptions();
		options.setAllowDuplicateKeys(false);
		for (Object document : new Yaml(options).loadAll(yaml)) {
			if (document != null) {
				manifests.add((Map<String, Object>) document);
			}
		}
		return manifests;
	}

	private static Result run(HelmBinary helm, List<String> args) {
		List<String> command = new ArrayList<>();
		command.add(helm.path().toString());
		command.addAll(args);
		return Commands.run(Duration.ofMinutes(2), command);
	}

}
