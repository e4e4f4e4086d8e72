package com.opencar.car.helm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.opencar.car.testsupport.Commands;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart as helm renders it, for the default values and every
 * {@code ci/*-values.yaml}: lint, validity against the Kubernetes API types, and what the
 * platform needs from each manifest.
 */
class HelmChartTests {

	private static final String SERVICE_MONITOR_API = "monitoring.coreos.com/v1/ServiceMonitor";

	/** The values key of each service, and the image and service name. */
	private static final Map<String, String> SERVICES = new LinkedHashMap<>(Map.of("ingest", "ingest-service",
			"command", "command-service", "store", "telemetry-store-service", "analytics", "analytics-service"));

	/** The infrastructure each service cannot start without, as environment variables. */
	private static final Map<String, List<String>> INFRASTRUCTURE = Map.of("ingest-service",
			List.of("SPRING_KAFKA_BOOTSTRAP_SERVERS", "CAR_INGEST_MQTT_URL"), "command-service",
			List.of("SPRING_KAFKA_BOOTSTRAP_SERVERS", "CAR_COMMAND_MQTT_URL", "SPRING_DATASOURCE_URL",
					"SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD"),
			"telemetry-store-service", List.of("SPRING_KAFKA_BOOTSTRAP_SERVERS", "SPRING_DATASOURCE_URL",
					"SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD", "SPRING_MONGODB_URI"),
			"analytics-service",
			List.of("SPRING_KAFKA_BOOTSTRAP_SERVERS", "SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME",
					"SPRING_DATASOURCE_PASSWORD", "CAR_ANALYTICS_DASHBOARD_COMMAND_SERVICE_URL",
					"CAR_ANALYTICS_ADVERTISED_ADDRESS"));

	/** Variables set on purpose that are not Spring properties. */
	private static final Set<String> NOT_PROPERTIES = Set.of(
			// the JVM's
			"JAVA_TOOL_OPTIONS",
			// expanded into CAR_ANALYTICS_ADVERTISED_ADDRESS
			"POD_IP",
			// expanded into the MQTT client ids
			"POD_NAME");

	static Stream<String> valuesFiles() throws IOException {
		try (Stream<Path> files = Files.list(Helm.CHART.resolve("ci"))) {
			return files.map((file) -> file.getFileName().toString()).sorted().toList().stream();
		}
	}

	@Test
	void refusesToInstallWithoutTheTokenIssuerOrTheDashboardsSignIn() {
		assertThat(Helm.templateWithChartDefaults().errors()).contains("security.jwt.issuer is required");
		assertThat(Helm
			.templateWithChartDefaults("--set", "security.jwt.issuer=https://login.example.com", "--set",
					"security.jwt.jwkSetUri=https://login.example.com/keys")
			.errors()).contains("security.dashboard.issuerUri is required");
		assertThat(Helm
			.templateWithChartDefaults("--set", "security.jwt.issuer=https://login.example.com", "--set",
					"security.jwt.jwkSetUri=https://login.example.com/keys", "--set", "analytics.enabled=false")
			.exitCode()).isZero();
	}

	@ParameterizedTest
	@MethodSource("valuesFiles")
	void lintsCleanWithStrictChecks(String valuesFile) {
		Commands.Result lint = Helm.lint(Helm.CHART.resolve("ci").resolve(valuesFile));
		assertThat(lint.exitCode()).as(lint.all()).isZero();
		assertThat(lint.output()).contains("1 chart(s) linted, 0 chart(s) failed");
	}

	@ParameterizedTest
	@MethodSource("valuesFiles")
	void rendersOnlyValidKubernetesObjects(String valuesFile) {
		for (String[] capabilities : new String[][] { {}, { "--api-versions", SERVICE_MONITOR_API } }) {
			List<String> args = new ArrayList<>(List.of("-f", "ci/" + valuesFile));
			args.addAll(List.of(capabilities));
			List<Map<String, Object>> manifests = Helm.render(absolute(args));
			assertThat(manifests).isNotEmpty();
			List<String> violations = new ArrayList<>();
			manifests.forEach((manifest) -> violations.addAll(KubernetesSchema.violations(manifest)));
			assertThat(violations).as(valuesFile).isEmpty();
		}
	}

	@Test
	void theValidatorRejectsUnknownFieldsWrongTypesMissingFieldsAndUnknownKinds() {
		Map<String, Object> deployment = deployment(Helm.render(), "ingest-service");
		Map<String, Object> container = containers(deployment).get(0);
		container.put("livenesProbe", Map.of("httpGet", Map.of("path", "/", "port", 8081)));
		map(deployment.get("spec")).put("replicas", "two");
		assertThat(KubernetesSchema.violations(deployment)).singleElement().asString().contains("replicas");
		map(deployment.get("spec")).put("replicas", 2);
		assertThat(KubernetesSchema.violations(deployment)).hasSize(2)
			.allSatisfy((violation) -> assertThat(violation).contains("livenesProbe"));
		container.remove("livenesProbe");
		container.remove("name");
		assertThat(KubernetesSchema.violations(deployment)).singleElement()
			.asString()
			.contains("required field `name`");
		assertThat(KubernetesSchema
			.violations(Map.of("apiVersion", "apps/v1", "kind", "Deploymnet", "metadata", Map.of("name", "x"))))
			.singleElement()
			.asString()
			.contains("not a known Kubernetes API type");
	}

	@Test
	void probesPointAtTheActuatorHealthGroups() {
		for (String service : SERVICES.values()) {
			Map<String, Object> container = containers(deployment(Helm.render(), service)).get(0);
			assertThat(probePath(container, "livenessProbe")).isEqualTo("/actuator/health/liveness");
			assertThat(probePath(container, "readinessProbe")).isEqualTo("/actuator/health/readiness");
			assertThat(probePath(container, "startupProbe")).isEqualTo("/actuator/health/liveness");
			Map<String, Object> startup = map(container.get("startupProbe"));
			// JVM start: minutes, not the liveness probe's seconds
			assertThat((int) startup.get("periodSeconds") * (int) startup.get("failureThreshold"))
				.isGreaterThanOrEqualTo(120);
		}
	}

	@Test
	void everyServiceGetsItsInfrastructureUnderThePropertyNamesItReads() {
		Map<String, Set<String>> readable = readableVariables();
		for (String file : List.of("ci/default-values.yaml", "ci/demo-values.yaml", "ci/production-values.yaml")) {
			List<Map<String, Object>> manifests = Helm.render("-f", Helm.CHART.resolve(file).toString());
			for (String service : SERVICES.values()) {
				Set<String> variables = env(containers(deployment(manifests, service)).get(0)).keySet();
				assertThat(variables).as(file + " " + service).containsAll(INFRASTRUCTURE.get(service));
				List<String> unread = variables.stream()
					.filter((variable) -> !NOT_PROPERTIES.contains(variable))
					.filter((variable) -> !reads(readable.get(service), normalize(variable)))
					.toList();
				assertThat(unread).as(file + ": variables " + service + " does not read").isEmpty();
			}
		}
	}

	@Test
	void theDemoOneLinerRendersWithNothingElseAndBringsItsOwnIssuer() {
		// helm install demo ./helm/connected-car --set demo.enabled=true
		Commands.Result demo = Helm.templateWithChartDefaults("--set", "demo.enabled=true");
		assertThat(demo.exitCode()).as(demo.errors()).isZero();
		List<Map<String, Object>> manifests = Helm.manifests(demo.output());
		assertThat(names(manifests, "Deployment")).contains("cars-connected-car-demo-dev-issuer");
		assertThat(names(manifests, "Service")).contains("cars-connected-car-demo-dev-issuer");
		for (String service : List.of("ingest-service", "command-service", "analytics-service")) {
			Map<String, Object> env = env(containers(deployment(manifests, service)).get(0));
			assertThat(env).as(service)
				.containsEntry("CAR_SECURITY_JWT_ISSUER", "http://localhost:9000")
				.containsEntry("CAR_SECURITY_JWT_JWK_SET_URI",
						"http://cars-connected-car-demo-dev-issuer:9000/oauth2/jwks");
		}
		Map<String, Object> analytics = env(containers(deployment(manifests, "analytics-service")).get(0));
		assertThat(analytics)
			.containsEntry("SPRING_SECURITY_OAUTH2_CLIENT_PROVIDER_OIDC_AUTHORIZATIONURI",
					"http://localhost:9000/oauth2/authorize")
			.containsEntry("SPRING_SECURITY_OAUTH2_CLIENT_PROVIDER_OIDC_TOKENURI",
					"http://cars-connected-car-demo-dev-issuer:9000/oauth2/token")
			.doesNotContainKey("SPRING_SECURITY_OAUTH2_CLIENT_PROVIDER_OIDC_ISSUERURI");
		Map<String, Object> issuer = env(containers(manifests.stream()
			.filter((manifest) -> "Deployment".equals(manifest.get("kind")))
			.filter((manifest) -> "cars-connected-car-demo-dev-issuer"
				.equals(map(manifest.get("metadata")).get("name")))
			.findFirst()
			.orElseThrow()).get(0));
		assertThat(issuer).containsEntry("CAR_DEV_ISSUER_ISSUER", "http://localhost:9000");
		// a real provider named in the values replaces the development issuer
		Map<String, Object> real = env(containers(deployment(Helm.render("--set", "demo.enabled=true", "--set",
				"security.jwt.issuer=https://login.example.com/realms/fleet"), "ingest-service"))
			.get(0));
		assertThat(real).containsEntry("CAR_SECURITY_JWT_ISSUER", "https://login.example.com/realms/fleet");
	}

	@Test
	void theDemoBrokerQueuesFiveMinutesOfAKafkaOutage() {
		Map<String, Object> emqx = env(containers(Helm.render("--set", "demo.enabled=true")
			.stream()
			.filter((manifest) -> "Deployment".equals(manifest.get("kind")))
			.filter((manifest) -> "cars-connected-car-demo-emqx".equals(map(manifest.get("metadata")).get("name")))
			.findFirst()
			.orElseThrow()).get(0));
		// 5 minutes at 1,000 msg/s per ingest instance
		assertThat(Long.parseLong(String.valueOf(emqx.get("EMQX_MQTT__MAX_MQUEUE_LEN"))))
			.isGreaterThanOrEqualTo(300_000);
		assertThat(emqx).containsEntry("EMQX_MQTT__MAX_PACKET_SIZE", "256KB");
	}

	@Test
	void theServicesHoldingAnMqttSessionKeepTheirClientIdAcrossRestarts() {
		List<Map<String, Object>> manifests = Helm.render();
		for (String service : List.of("ingest-service", "command-service")) {
			Map<String, Object> workload = deployment(manifests, service);
			assertThat(workload).as(service).containsEntry("kind", "StatefulSet");
			assertThat(map(workload.get("spec")))
				.containsEntry("serviceName", "cars-connected-car-" + service + "-pods")
				.containsEntry("podManagementPolicy", "Parallel");
			assertThat(names(manifests, "Service")).contains("cars-connected-car-" + service + "-pods");
			Map<String, Object> env = env(containers(workload).get(0));
			String prefix = service.startsWith("ingest") ? "CAR_INGEST_MQTT" : "CAR_COMMAND_MQTT";
			// the pod name, stable per ordinal
			assertThat(env).containsEntry(prefix + "_CLIENT_ID", "$(POD_NAME)");
		}
		for (String service : List.of("telemetry-store-service", "analytics-service")) {
			assertThat(deployment(manifests, service)).as(service).containsEntry("kind", "Deployment");
		}
	}

	@Test
	void theDemoPointsEveryServiceAtItsOwnInfrastructure() {
		List<Map<String, Object>> manifests = Helm.render("--set", "demo.enabled=true");
		Map<String, Object> ingest = env(containers(deployment(manifests, "ingest-service")).get(0));
		assertThat(ingest.get("SPRING_KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("cars-connected-car-demo-kafka:9092");
		assertThat(ingest.get("CAR_INGEST_MQTT_URL")).isEqualTo("tcp://cars-connected-car-demo-emqx:1883");
		Map<String, Object> command = env(containers(deployment(manifests, "command-service")).get(0));
		assertThat(command.get("SPRING_DATASOURCE_URL"))
			.isEqualTo("jdbc:postgresql://cars-connected-car-demo-postgresql:5432/car_commands");
		for (String server : List.of("emqx", "kafka", "postgresql", "mongodb", "simulator")) {
			assertThat(names(manifests, "Deployment")).contains("cars-connected-car-demo-" + server);
		}
		for (String server : List.of("emqx", "kafka", "postgresql", "mongodb")) {
			assertThat(names(manifests, "Service")).contains("cars-connected-car-demo-" + server);
		}
		assertThat(names(Helm.render(), "Deployment")).noneMatch((name) -> name.contains("demo"));
	}

	@Test
	void secretsAreReferencedNeverInlined() {
		String password = "s3cret-Passw0rd";
		String mongo = "mongodb://car:" + password + "@mongo.example:27017/car";
		List<Map<String, Object>> manifests = Helm.render("--set", "postgresql.password=" + password, "--set",
				"mongodb.uri=" + mongo);
		for (Map<String, Object> manifest : manifests) {
			if (!"Secret".equals(manifest.get("kind"))) {
				assertThat(dump(manifest)).doesNotContain(password);
			}
		}
		for (String service : SERVICES.values()) {
			List<Map<String, Object>> variables = list(containers(deployment(manifests, service)).get(0).get("env"));
			for (Map<String, Object> variable : variables) {
				String name = (String) variable.get("name");
				if (name.endsWith("PASSWORD") || name.endsWith("MONGODB_URI")) {
					assertThat(variable).as(service + " " + name).doesNotContainKey("value");
					assertThat(map(map(variable.get("valueFrom")).get("secretKeyRef"))).containsKeys("name", "key");
				}
			}
		}
		// an existing secret is used, and the chart makes none of its own
		List<Map<String, Object>> external = Helm.render("-f",
				Helm.CHART.resolve("ci/production-values.yaml").toString());
		assertThat(names(external, "Secret")).isEmpty();
		List<Map<String, Object>> storeVariables = list(
				containers(deployment(external, "telemetry-store-service")).get(0).get("env"));
		assertThat(secretRef(storeVariables, "SPRING_DATASOURCE_PASSWORD"))
			.isEqualTo(Map.of("name", "cars-db-app", "key", "password"));
		assertThat(secretRef(storeVariables, "SPRING_MONGODB_URI"))
			.isEqualTo(Map.of("name", "cars-mongodb", "key", "connectionString.standard"));
		for (String service : List.of("ingest-service", "command-service")) {
			List<Map<String, Object>> variables = list(containers(deployment(external, service)).get(0).get("env"));
			String prefix = service.equals("ingest-service") ? "CAR_INGEST_MQTT_" : "CAR_COMMAND_MQTT_";
			assertThat(env(containers(deployment(external, service)).get(0))).containsEntry(prefix + "USERNAME",
					"platform");
			assertThat(secretRef(variables, prefix + "PASSWORD"))
				.isEqualTo(Map.of("name", "cars-mqtt", "key", "password"));
		}
	}

	@Test
	void nothingSecretInTheDefaultValues() throws IOException {
		Map<String, Object> values = Helm.manifests(Files.readString(Helm.CHART.resolve("values.yaml"))).get(0);
		assertThat(map(values.get("postgresql")).get("password")).isEqualTo("");
		assertThat(String.valueOf(map(values.get("mongodb")).get("uri"))).doesNotContain("@");
	}

	@Test
	void everyResourceCarriesTheRecommendedLabels() {
		for (String file : List.of("ci/default-values.yaml", "ci/demo-values.yaml", "ci/ingress-values.yaml",
				"ci/monitoring-values.yaml", "ci/autoscaling-values.yaml")) {
			for (Map<String, Object> manifest : Helm.render("-f", Helm.CHART.resolve(file).toString(), "--api-versions",
					SERVICE_MONITOR_API)) {
				Map<String, Object> labels = map(map(manifest.get("metadata")).get("labels"));
				assertThat(labels)
					.as(file + " " + manifest.get("kind") + " " + map(manifest.get("metadata")).get("name"))
					.containsEntry("app.kubernetes.io/name", "connected-car")
					.containsEntry("app.kubernetes.io/instance", "cars")
					.containsEntry("app.kubernetes.io/managed-by", "Helm")
					.containsEntry("app.kubernetes.io/part-of", "connected-car")
					.containsKeys("app.kubernetes.io/version", "helm.sh/chart");
				if ("Deployment".equals(manifest.get("kind"))) {
					Map<String, Object> selector = map(
							map(map(manifest.get("spec")).get("selector")).get("matchLabels"));
					assertThat(selector).containsOnlyKeys("app.kubernetes.io/name", "app.kubernetes.io/instance",
							"app.kubernetes.io/component");
					Map<String, Object> podLabels = map(
							map(map(map(manifest.get("spec")).get("template")).get("metadata")).get("labels"));
					assertThat(podLabels).containsAllEntriesOf(selector);
				}
			}
		}
	}

	@Test
	void theServiceMonitorIsRenderedOnlyWhenEnabledAndTheApiExists() {
		String monitoring = Helm.CHART.resolve("ci/monitoring-values.yaml").toString();
		assertThat(names(Helm.render("-f", monitoring, "--api-versions", SERVICE_MONITOR_API), "ServiceMonitor"))
			.hasSize(4);
		assertThat(names(Helm.render("-f", monitoring), "ServiceMonitor")).isEmpty();
		assertThat(names(Helm.render("--api-versions", SERVICE_MONITOR_API), "ServiceMonitor")).isEmpty();
		Map<String, Object> monitor = Helm.render("-f", monitoring, "--api-versions", SERVICE_MONITOR_API)
			.stream()
			.filter((manifest) -> "ServiceMonitor".equals(manifest.get("kind")))
			.findFirst()
			.orElseThrow();
		Map<String, Object> endpoint = list(map(monitor.get("spec")).get("endpoints")).get(0);
		assertThat(endpoint).containsEntry("path", "/actuator/prometheus").containsEntry("port", "http");
	}

	@Test
	void autoscalingReplacesFixedReplicasAndEveryServiceHasADisruptionBudget() {
		List<Map<String, Object>> manifests = Helm.render("-f",
				Helm.CHART.resolve("ci/autoscaling-values.yaml").toString());
		assertThat(names(manifests, "HorizontalPodAutoscaler")).hasSize(4);
		assertThat(names(manifests, "PodDisruptionBudget")).hasSize(4);
		for (String service : SERVICES.values()) {
			assertThat(map(deployment(manifests, service).get("spec"))).doesNotContainKey("replicas");
		}
		// no more consumers than the telemetry topic has partitions (4): the store runs
		// two per replica
		assertThat(map(autoscaler(manifests, "telemetry-store-service").get("spec")).get("maxReplicas")).isEqualTo(2);
		assertThat(map(autoscaler(manifests, "analytics-service").get("spec")).get("maxReplicas")).isEqualTo(4);
		assertThat(map(map(autoscaler(manifests, "telemetry-store-service").get("spec")).get("scaleTargetRef")))
			.containsEntry("kind", "Deployment")
			.containsEntry("name", "cars-connected-car-telemetry-store-service");
		assertThat(map(map(autoscaler(manifests, "ingest-service").get("spec")).get("scaleTargetRef")))
			.containsEntry("kind", "StatefulSet")
			.containsEntry("name", "cars-connected-car-ingest-service");
	}

	@Test
	void theIngressAndTheRouteSendEachPathToTheServiceThatServesIt() {
		List<Map<String, Object>> manifests = Helm.render("-f",
				Helm.CHART.resolve("ci/ingress-values.yaml").toString());
		Map<String, Object> ingress = only(manifests, "Ingress");
		Map<String, String> backends = new LinkedHashMap<>();
		for (Map<String, Object> rule : list(map(ingress.get("spec")).get("rules"))) {
			for (Map<String, Object> path : list(map(rule.get("http")).get("paths"))) {
				backends.put(rule.get("host") + path.get("path").toString(),
						map(map(map(path.get("backend")).get("service"))).get("name").toString());
			}
		}
		assertThat(backends).containsEntry("cars.example.com/api/v1/commands", "cars-connected-car-command-service")
			.containsEntry("cars.example.com/api/v1/vehicles/[^/]+/commands", "cars-connected-car-command-service")
			.containsEntry("cars.example.com/", "cars-connected-car-analytics-service")
			.containsEntry("ingest.cars.example.com/api/v1/vehicles", "cars-connected-car-ingest-service");

		Map<String, Object> route = only(manifests, "HTTPRoute");
		List<Map<String, Object>> rules = list(map(route.get("spec")).get("rules"));
		Map<String, Object> telemetry = rules.stream()
			.filter((rule) -> list(rule.get("backendRefs")).get(0).get("name").toString().endsWith("ingest-service"))
			.findFirst()
			.orElseThrow();
		assertThat(list(telemetry.get("matches")).get(0)).containsEntry("method", "POST");
		assertThat(map(list(telemetry.get("matches")).get(0).get("path"))).containsEntry("value",
				"/api/v1/vehicles/[^/]+/telemetry");
	}

	@Test
	void aConfigurationChangeRollsThePods() {
		String before = checksum(Helm.render(), "analytics-service");
		String after = checksum(Helm.render("--set", "analytics.config.car.analytics.rules.overspeed-kmh=150"),
				"analytics-service");
		assertThat(after).isNotEqualTo(before);
	}

	@Test
	void podsRunAsNonRootOnAReadOnlyFilesystemAndStopAfterSpringsShutdownPhase() {
		for (String service : SERVICES.values()) {
			Map<String, Object> pod = map(map(deployment(Helm.render(), service).get("spec")).get("template"));
			Map<String, Object> spec = map(pod.get("spec"));
			assertThat(map(spec.get("securityContext"))).containsEntry("runAsNonRoot", true);
			Map<String, Object> container = containers(deployment(Helm.render(), service)).get(0);
			assertThat(map(container.get("securityContext"))).containsEntry("readOnlyRootFilesystem", true)
				.containsEntry("allowPrivilegeEscalation", false);
			// Spring's graceful shutdown phase is 20 s, after the preStop pause
			assertThat((int) spec.get("terminationGracePeriodSeconds")).isGreaterThan(20 + 5);
		}
	}

	@Test
	void theValuesSchemaRejectsUnknownKeysAndWrongTypes() {
		Commands.Result unknown = Helm.template("--set", "ingest.replicas=3");
		assertThat(unknown.exitCode()).isNotZero();
		assertThat(unknown.errors()).contains("replicas");
		Commands.Result wrongType = Helm.template("--set-string", "demo.cars=many");
		assertThat(wrongType.exitCode()).isNotZero();
		assertThat(wrongType.errors()).contains("demo/cars");
		Commands.Result topLevel = Helm.template("--set", "replicaCount=3");
		assertThat(topLevel.exitCode()).isNotZero();
	}

	@Test
	void theDashboardsAreGrafanaConfigMapsQueryingMetricsTheServicesRegister() throws IOException {
		List<Map<String, Object>> manifests = Helm.render("-f",
				Helm.CHART.resolve("ci/monitoring-values.yaml").toString());
		List<Map<String, Object>> dashboards = manifests.stream()
			.filter((manifest) -> "ConfigMap".equals(manifest.get("kind")))
			.filter((manifest) -> map(map(manifest.get("metadata")).get("labels")).containsKey("grafana_dashboard"))
			.toList();
		assertThat(dashboards).hasSize(5);
		String sources = serviceSources();
		ObjectMapper json = new ObjectMapper();
		Pattern metric = Pattern.compile("\\b(car_[a-z_]+?)(_total|_seconds_bucket|_seconds_sum|_seconds_count)?\\b");
		for (Map<String, Object> configMap : dashboards) {
			for (Object content : map(configMap.get("data")).values()) {
				JsonNode dashboard = json.readTree(content.toString());
				assertThat(dashboard.path("panels")).isNotEmpty();
				for (JsonNode panel : dashboard.path("panels")) {
					for (JsonNode target : panel.path("targets")) {
						Matcher matcher = metric.matcher(target.path("expr").asText());
						while (matcher.find()) {
							// car_store_batch_write → car.store.batch.write, as
							// registered
							String meter = matcher.group(1).replace('_', '.');
							assertThat(sources).as(panel.path("title").asText())
								.containsPattern("\"" + meter.replace(".", "[.-]") + "\"");
						}
					}
				}
			}
		}
	}

	@Test
	void everyValueIsDocumentedAndTheReadmeListsIt() throws IOException {
		List<String> lines = Files.readAllLines(Helm.CHART.resolve("values.yaml"));
		Set<String> documented = new HashSet<>();
		List<String> path = new ArrayList<>();
		boolean comment = false;
		Pattern key = Pattern.compile("^(\\s*)([A-Za-z0-9_.-]+):.*$");
		for (String line : lines) {
			if (line.isBlank() || (line.trim().startsWith("#") && !line.trim().startsWith("# --"))) {
				continue;
			}
			if (line.trim().startsWith("# --")) {
				comment = true;
				continue;
			}
			Matcher matcher = key.matcher(line);
			if (matcher.matches()) {
				int depth = matcher.group(1).length() / 2;
				path = new ArrayList<>(path.subList(0, Math.min(depth, path.size())));
				path.add(matcher.group(2));
				if (comment) {
					documented.add(String.join(".", path));
				}
			}
			comment = false;
		}
		Map<String, Object> values = Helm.manifests(Files.readString(Helm.CHART.resolve("values.yaml"))).get(0);
		List<String> undocumented = new ArrayList<>();
		leaves(values, "", (leaf) -> {
			if (documented.stream().noneMatch((doc) -> leaf.equals(doc) || leaf.startsWith(doc + "."))) {
				undocumented.add(leaf);
			}
		});
		assertThat(undocumented).isEmpty();
		String readme = Files.readString(Helm.CHART.resolve("README.md"));
		assertThat(documented).hasSizeGreaterThan(100)
			.allSatisfy((doc) -> assertThat(readme).contains("| `" + doc + "` |"));
	}

	@Test
	void theChartDeploysTheImagesTheBuildMakes() throws IOException {
		Map<String, Object> chart = Helm.manifests(Files.readString(Helm.CHART.resolve("Chart.yaml"))).get(0);
		assertThat(chart.get("appVersion")).isEqualTo(System.getProperty("project.version"));
		for (String service : SERVICES.values()) {
			assertThat(containers(deployment(Helm.render(), service)).get(0).get("image")).isEqualTo(
					System.getProperty("image.prefix") + "/" + service + ":" + System.getProperty("project.version"));
		}
	}

	// helpers

	private static void leaves(Map<String, Object> values, String prefix, java.util.function.Consumer<String> leaf) {
		values.forEach((name, value) -> {
			String path = prefix.isEmpty() ? name : prefix + "." + name;
			if (value instanceof Map<?, ?> nested && !nested.isEmpty()) {
				leaves(map(nested), path, leaf);
			}
			else {
				leaf.accept(path);
			}
		});
	}

	private static String[] absolute(List<String> args) {
		List<String> resolved = new ArrayList<>();
		for (String arg : args) {
			resolved.add(arg.startsWith("ci/") ? Helm.CHART.resolve(arg).toString() : arg);
		}
		return resolved.toArray(String[]::new);
	}

	/** The service's workload: a StatefulSet for those holding an MQTT session. */
	private static Map<String, Object> deployment(List<Map<String, Object>> manifests, String service) {
		return manifests.stream()
			.filter((manifest) -> List.of("Deployment", "StatefulSet").contains(manifest.get("kind")))
			.filter((manifest) -> ("cars-connected-car-" + service).equals(map(manifest.get("metadata")).get("name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no workload for " + service));
	}

	private static Map<String, Object> autoscaler(List<Map<String, Object>> manifests, String service) {
		return manifests.stream()
			.filter((manifest) -> "HorizontalPodAutoscaler".equals(manifest.get("kind")))
			.filter((manifest) -> ("cars-connected-car-" + service).equals(map(manifest.get("metadata")).get("name")))
			.findFirst()
			.orElseThrow();
	}

	private static Map<String, Object> only(List<Map<String, Object>> manifests, String kind) {
		List<Map<String, Object>> ofKind = manifests.stream()
			.filter((manifest) -> kind.equals(manifest.get("kind")))
			.toList();
		assertThat(ofKind).hasSize(1);
		return ofKind.get(0);
	}

	private static List<String> names(List<Map<String, Object>> manifests, String kind) {
		return manifests.stream()
			.filter((manifest) -> kind.equals(manifest.get("kind")))
			.map((manifest) -> map(manifest.get("metadata")).get("name").toString())
			.toList();
	}

	private static List<Map<String, Object>> containers(Map<String, Object> deployment) {
		return list(map(map(map(deployment.get("spec")).get("template")).get("spec")).get("containers"));
	}

	private static String probePath(Map<String, Object> container, String probe) {
		return String.valueOf(map(map(container.get(probe)).get("httpGet")).get("path"));
	}

	/** Name to literal value (null for values from a reference). */
	private static Map<String, Object> env(Map<String, Object> container) {
		Map<String, Object> env = new LinkedHashMap<>();
		for (Map<String, Object> variable : list(container.get("env"))) {
			env.put((String) variable.get("name"), variable.get("value"));
		}
		return env;
	}

	private static Map<String, Object> secretRef(List<Map<String, Object>> variables, String name) {
		return variables.stream()
			.filter((variable) -> name.equals(variable.get("name")))
			.map((variable) -> map(map(variable.get("valueFrom")).get("secretKeyRef")))
			.findFirst()
			.orElseThrow();
	}

	private static String checksum(List<Map<String, Object>> manifests, String service) {
		return String
			.valueOf(map(map(map(map(deployment(manifests, service).get("spec")).get("template")).get("metadata"))
				.get("annotations")).get("checksum/config"));
	}

	private static String dump(Map<String, Object> manifest) {
		return new org.yaml.snakeyaml.Yaml().dump(manifest);
	}

	/**
	 * For each service, the environment variables it reads, normalized: its own and
	 * Spring Boot's configuration properties (from the configuration metadata in its jar
	 * and Boot's), and the placeholders of its application.yml.
	 */
	private static boolean reads(Set<String> readable, String variable) {
		return readable.contains(variable) || readable.stream()
			.anyMatch((name) -> name.endsWith("*") && variable.startsWith(name.substring(0, name.length() - 1)));
	}

	private static Map<String, Set<String>> readableVariables() {
		Set<String> common = new HashSet<>();
		Map<String, Set<String>> own = new HashMap<>();
		SERVICES.values().forEach((service) -> own.put(service, new HashSet<>()));
		ObjectMapper json = new ObjectMapper();
		try {
			for (URL url : Collections.list(HelmChartTests.class.getClassLoader()
				.getResources("META-INF/spring-configuration-metadata.json"))) {
				Set<String> names = new HashSet<>();
				try (InputStream in = url.openStream()) {
					for (JsonNode property : json.readTree(in).path("properties")) {
						// a map-typed property reads every variable under its name, as
						// Spring binds map entries: marked with a trailing *
						boolean map = property.path("type").asText("").startsWith("java.util.Map");
						names.add(normalize(property.path("name").asText()) + (map ? "*" : ""));
					}
				}
				owner(url).ifPresentOrElse((service) -> own.get(service).addAll(names), () -> common.addAll(names));
			}
			for (URL url : Collections.list(HelmChartTests.class.getClassLoader().getResources("application.yml"))) {
				String yaml;
				try (InputStream in = url.openStream()) {
					yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
				}
				Matcher placeholder = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)").matcher(yaml);
				Set<String> names = new HashSet<>();
				while (placeholder.find()) {
					names.add(normalize(placeholder.group(1)));
				}
				owner(url).ifPresent((service) -> own.get(service).addAll(names));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Map<String, Set<String>> readable = new HashMap<>();
		own.forEach((service, names) -> {
			assertThat(names).as("configuration metadata of " + service).isNotEmpty();
			Set<String> all = new HashSet<>(common);
			all.addAll(names);
			readable.put(service, all);
		});
		return readable;
	}

	private static java.util.Optional<String> owner(URL url) {
		String location = url.toString();
		return SERVICES.values()
			.stream()
			.filter((service) -> location.contains("/" + service + "/") || location.contains("/" + service + "-"))
			.findFirst();
	}

	/** Relaxed binding's view: case, dots, dashes and underscores do not matter. */
	private static String normalize(String name) {
		return name.toLowerCase(Locale.ROOT).replaceAll("[._\\-\\[\\]]", "");
	}

	private static String serviceSources() throws IOException {
		StringBuilder all = new StringBuilder();
		for (String service : SERVICES.values()) {
			try (Stream<Path> files = Files.walk(Path.of("..", service, "src", "main", "java"))) {
				for (Path file : files.filter((path) -> path.toString().endsWith(".java")).toList()) {
					all.append(Files.readString(file));
				}
			}
		}
		return all.toString();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (value != null) ? (Map<String, Object>) value : Map.of();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(Object value) {
		return (value != null) ? (List<Map<String, Object>>) value : List.of();
	}

}
