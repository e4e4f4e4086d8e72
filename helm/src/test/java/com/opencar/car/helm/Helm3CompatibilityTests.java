package com.opencar.car.helm;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.opencar.car.testsupport.Commands;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart stays usable with Helm 3 (3.17): it lints clean and renders the same
 * manifests as Helm 4 for every values file.
 */
class Helm3CompatibilityTests {

	/** A fixed password, so that no random one tells the two renderings apart. */
	private static final String[] FIXED = { "--set", "postgresql.password=fixed-for-comparison", "--api-versions",
			"monitoring.coreos.com/v1/ServiceMonitor" };

	@ParameterizedTest
	@MethodSource("com.opencar.car.helm.HelmChartTests#valuesFiles")
	void lintsCleanAndRendersWhatHelm4Renders(String valuesFile) {
		Commands.Result lint = Helm.lint(HelmBinary.HELM_3, Helm.CHART.resolve("ci").resolve(valuesFile));
		assertThat(lint.exitCode()).as(lint.all()).isZero();

		String file = Helm.CHART.resolve("ci").resolve(valuesFile).toString();
		List<Map<String, Object>> helm3 = Helm.render(HelmBinary.HELM_3, with(file));
		List<Map<String, Object>> helm4 = Helm.render(HelmBinary.HELM_4, with(file));
		assertThat(helm3).isNotEmpty().isEqualTo(helm4);
	}

	private static String[] with(String valuesFile) {
		String[] args = new String[FIXED.length + 2];
		args[0] = "-f";
		args[1] = valuesFile;
		System.arraycopy(FIXED, 0, args, 2, FIXED.length);
		return args;
	}

}
