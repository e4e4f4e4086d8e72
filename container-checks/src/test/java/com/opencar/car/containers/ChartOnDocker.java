package com.opencar.car.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.opencar.car.testsupport.Commands;

import static org.awaitility.Awaitility.await;

/**
 * The Helm chart's rendered manifests run on a Docker engine, as far as one engine can
 * play a cluster: each Deployment's and StatefulSet's pods become containers on one
 * network, with the pod spec's environment (values, Secret references, the pod's name and
 * IP, {@code $(VAR)} expansion), ConfigMap volumes, emptyDirs, user, read-only root
 * filesystem, dropped capabilities and memory limit; each Service name resolves to the
 * pods its selector picks, each StatefulSet pod keeps its name and ordinal; readiness
 * probes are polled, and a stop runs the preStop hook and then SIGTERM with the pod's
 * grace period, as the kubelet does. So a property name or a value the chart gets wrong
 * fails here. Ports are published on 127.0.0.1 only, for the checks to reach the pods.
 */
final class ChartOnDocker implements AutoCloseable {

	private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

	private final List<Map<String, Object>> manifests;

	private final UnaryOperator<String> images;

	private final String run = "cc" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);

	private final String network;

	private final String subnetPrefix;

	private final AtomicInteger nextAddress = new AtomicInteger(10);

	private final Path files;

	private final Path logs;

	private final List<Pod> pods = new CopyOnWriteArrayList<>();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	/**
	 * @param manifests what {@code helm template} rendered
	 * @param images the image each pod runs instead of the one named (stand-ins for
	 * images no registry serves here); identity where it runs the named one
	 * @param logs where the pods' logs are kept when they stop
	 */
	ChartOnDocker(List<Map<String, Object>> manifests, UnaryOperator<String> images, Path logs) throws IOException {
		this.manifests = manifests;
		this.images = images;
		this.logs = Files.createDirectories(logs);
		this.files = Files.createTempDirectory("chart-on-docker-");
		this.network = this.run + "-cluster";
		String created = null;
		for (int third = 117; third < 127 && created == null; third++) {
			Commands.Result result = Docker.run(Duration.ofSeconds(30), "docker", "network", "create", "--subnet",
					"172.30." + third + ".0/24", this.network);
			if (result.exitCode() == 0) {
				created = "172.30." + third + ".";
			}
		}
		this.subnetPrefix = Objects.requireNonNull(created, "no free subnet for the cluster network");
	}

	/**
	 * @return the workloads (Deployments and StatefulSets) in the order rendered
	 */
	List<Workload> workloads() {
		return this.manifests.stream()
			.filter((manifest) -> List.of("Deployment", "StatefulSet").contains(manifest.get("kind")))
			.map((manifest) -> {
				Map<String, Object> spec = map(manifest.get("spec"));
				Object replicas = spec.get("replicas");
				return new Workload(String.valueOf(manifest.get("kind")), name(manifest),
						(replicas != null) ? ((Number) replicas).intValue() : 1, map(spec.get("template")));
			})
			.toList();
	}

	/**
	 * @param name a workload's name @return that workload
	 */
	Workload workload(String name) {
		return workloads().stream()
			.filter((workload) -> workload.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no workload " + name));
	}

	/**
	 * @return the pods running now
	 */
	List<Pod> pods() {
		return List.copyOf(this.pods);
	}

	/**
	 * @param workload a workload @return its running pods
	 */
	List<Pod> pods(Workload workload) {
		return this.pods.stream().filter((pod) -> pod.workload().equals(workload)).toList();
	}

	/**
	 * Starts every replica of the workload (StatefulSet pods as ordinals 0, 1, ...).
	 * @param workload the workload
	 * @return its pods
	 */
	List<Pod> start(Workload workload) {
		List<Pod> started = new ArrayList<>();
		for (int ordinal = 0; ordinal < workload.replicas(); ordinal++) {
			started.add(start(workload, podName(workload, ordinal)));
		}
		return started;
	}

	/**
	 * Replaces a stopped or killed pod as its controller does: the same name for a
	 * StatefulSet's, a new one for a Deployment's.
	 * @param pod the pod gone
	 * @return its replacement, started
	 */
	Pod replace(Pod pod) {
		this.pods.remove(pod);
		keepLogs(pod);
		Docker.docker("rm", "-f", pod.container());
		String name = "StatefulSet".equals(pod.workload().kind()) ? pod.name() : podName(pod.workload(), 0);
		return start(pod.workload(), name);
	}

	private String podName(Workload workload, int ordinal) {
		if ("StatefulSet".equals(workload.kind())) {
			return workload.name() + "-" + ordinal;
		}
		String suffix = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36), 36);
		return workload.name() + "-" + "0".repeat(5 - suffix.length()) + suffix;
	}

	private Pod start(Workload workload, String podName) {
		Map<String, Object> podSpec = map(workload.template().get("spec"));
		Map<String, Object> labels = map(map(workload.template().get("metadata")).get("labels"));
		List<Map<String, Object>> containers = list(podSpec.get("containers"));
		if (containers.size() != 1) {
			throw new IllegalStateException(workload.name() + ": one container per pod is what this runs");
		}
		Map<String, Object> container = containers.get(0);
		if (container.containsKey("command") || container.containsKey("args")) {
			throw new IllegalStateException(workload.name() + ": command and args are not carried over");
		}
		String ip = this.subnetPrefix + this.nextAddress.getAndIncrement();
		List<String> command = new ArrayList<>(List.of("run", "-d", "--name", this.run + "-" + podName, "--hostname",
				podName, "--network", this.network, "--ip", ip, "--network-alias", podName));
		for (Map<String, Object> service : kind("Service")) {
			Map<String, Object> selector = map(map(service.get("spec")).get("selector"));
			if (!selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet())) {
				command.addAll(List.of("--network-alias", name(service)));
				if ("None".equals(map(service.get("spec")).get("clusterIP"))) {
					command.addAll(List.of("--network-alias", podName + "." + name(service)));
				}
			}
		}
		Map<String, Object> podSecurity = map(podSpec.get("securityContext"));
		boolean nonRoot = podSecurity.get("runAsUser") != null;
		if (nonRoot) {
			command.addAll(List.of("--user", podSecurity.get("runAsUser") + ":" + podSecurity.get("runAsGroup")));
			if (podSecurity.get("fsGroup") != null) {
				command.addAll(List.of("--group-add", String.valueOf(podSecurity.get("fsGroup"))));
			}
		}
		Map<String, Object> security = map(container.get("securityContext"));
		if (Boolean.TRUE.equals(security.get("readOnlyRootFilesystem"))) {
			command.add("--read-only");
		}
		if (Boolean.FALSE.equals(security.get("allowPrivilegeEscalation"))) {
			command.addAll(List.of("--security-opt", "no-new-privileges"));
		}
		for (String capability : strings(map(security.get("capabilities")).get("drop"))) {
			command.addAll(List.of("--cap-drop", capability));
		}
		String image = this.images.apply(String.valueOf(container.get("image")));
		Object memory = StandIns.memory(image)
			.map(Object.class::cast)
			.orElse(map(map(container.get("resources")).get("limits")).get("memory"));
		if (memory != null) {
			command.addAll(List.of("--memory", megabytes(String.valueOf(memory)) + "m"));
		}
		environment(container, podName, ip).forEach((name, value) -> command.addAll(List.of("-e", name + "=" + value)));
		command.addAll(volumes(podSpec, container, podName, nonRoot));
		Map<String, Integer> ports = new LinkedHashMap<>();
		for (Map<String, Object> port : list(container.get("ports"))) {
			int number = ((Number) port.get("containerPort")).intValue();
			ports.put(String.valueOf(port.get("name")), number);
			command.addAll(List.of("-p", "127.0.0.1::" + number));
		}
		command.add(image);
		String id = Docker.docker(command.toArray(String[]::new));
		// where each port is published: known from now on, also once the pod is gone
		Map<Integer, String> published = new LinkedHashMap<>();
		for (int number : ports.values()) {
			published.put(number,
					Docker.docker("port", this.run + "-" + podName, number + "/tcp").lines().findFirst().orElseThrow());
		}
		Pod pod = new Pod(workload, podName, this.run + "-" + podName, id, ip, ports, published, container, podSpec);
		this.pods.add(pod);
		return pod;
	}

	/** The container's environment as the kubelet gives it. */
	private Map<String, String> environment(Map<String, Object> container, String podName, String ip) {
		Map<String, String> environment = new LinkedHashMap<>();
		for (Map<String, Object> variable : list(container.get("env"))) {
			String name = String.valueOf(variable.get("name"));
			String value;
			if (variable.containsKey("value")) {
				value = expand(String.valueOf(variable.get("value")), environment);
			}
			else {
				Map<String, Object> from = map(variable.get("valueFrom"));
				if (from.containsKey("secretKeyRef")) {
					Map<String, Object> reference = map(from.get("secretKeyRef"));
					value = secret(String.valueOf(reference.get("name")), String.valueOf(reference.get("key")));
				}
				else if (from.containsKey("fieldRef")) {
					String field = String.valueOf(map(from.get("fieldRef")).get("fieldPath"));
					value = switch (field) {
						case "metadata.name" -> podName;
						case "status.podIP" -> ip;
						default -> throw new IllegalStateException("field " + field + " is not carried over");
					};
				}
				else {
					throw new IllegalStateException(name + ": " + from + " is not carried over");
				}
			}
			environment.put(name, value);
		}
		return environment;
	}

	private static String expand(String value, Map<String, String> defined) {
		Matcher reference = REFERENCE.matcher(value);
		StringBuilder expanded = new StringBuilder();
		while (reference.find()) {
			String replacement = defined.getOrDefault(reference.group(1), reference.group());
			reference.appendReplacement(expanded, Matcher.quoteReplacement(replacement));
		}
		reference.appendTail(expanded);
		return expanded.toString();
	}

	/**
	 * @param name a rendered Secret
	 * @param key one of its keys
	 * @return its value
	 */
	String secret(String name, String key) {
		Map<String, Object> secret = kind("Secret").stream()
			.filter((manifest) -> name.equals(name(manifest)))
			.findFirst()
			.orElseThrow(() -> new AssertionError("the chart references Secret " + name + " but renders none"));
		Object encoded = map(secret.get("data")).get(key);
		if (encoded == null) {
			throw new AssertionError("Secret " + name + " has no key " + key);
		}
		return new String(Base64.getDecoder().decode(String.valueOf(encoded)), StandardCharsets.UTF_8);
	}

	private List<String> volumes(Map<String, Object> podSpec, Map<String, Object> container, String podName,
			boolean nonRoot) {
		Map<String, Map<String, Object>> volumes = new LinkedHashMap<>();
		for (Map<String, Object> volume : list(podSpec.get("volumes"))) {
			volumes.put(String.valueOf(volume.get("name")), volume);
		}
		List<String> options = new ArrayList<>();
		for (Map<String, Object> mount : list(container.get("volumeMounts"))) {
			String path = String.valueOf(mount.get("mountPath"));
			Map<String, Object> volume = volumes.get(String.valueOf(mount.get("name")));
			if (volume == null) {
				throw new AssertionError(podName + " mounts " + mount.get("name") + ", which the pod does not have");
			}
			if (volume.containsKey("configMap")) {
				Path directory = configMapFiles(String.valueOf(map(volume.get("configMap")).get("name")), podName,
						String.valueOf(volume.get("name")));
				options.addAll(List.of("-v", directory + ":" + path + ":ro"));
			}
			else if (volume.containsKey("emptyDir")) {
				// a non-root pod gets a tmpfs it can write (fsGroup's effect); root-run
				// infrastructure gets a disk-backed volume for its data
				options.addAll(nonRoot ? List.of("--tmpfs", path + ":rw,exec,mode=1777") : List.of("-v", path));
			}
			else {
				throw new IllegalStateException(podName + ": volume " + volume + " is not carried over");
			}
		}
		return options;
	}

	private Path configMapFiles(String name, String podName, String volume) {
		Map<String, Object> configMap = kind("ConfigMap").stream()
			.filter((manifest) -> name.equals(name(manifest)))
			.findFirst()
			.orElseThrow(() -> new AssertionError("the chart mounts ConfigMap " + name + " but renders none"));
		try {
			Path directory = Files.createDirectories(this.files.resolve(podName).resolve(volume));
			for (Map.Entry<String, Object> file : map(configMap.get("data")).entrySet()) {
				Files.writeString(directory.resolve(file.getKey()), String.valueOf(file.getValue()));
			}
			directory.toFile().setReadable(true, false);
			return directory;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Waits until the pod's readiness probe passes.
	 * @param pod the pod
	 * @param within at most this long
	 */
	void awaitReady(Pod pod, Duration within) {
		await(pod.name() + " ready").atMost(within).pollInterval(Duration.ofSeconds(1)).until(() -> {
			if (!running(pod)) {
				// a pod that cannot start often only shows that another one is gone
				List<String> alsoGone = this.pods.stream()
					.filter((other) -> !other.equals(pod) && !running(other))
					.map((other) -> other.name() + ": " + tail(other, 5))
					.toList();
				throw new AssertionError(pod.name() + " exited: " + tail(pod, 60)
						+ (alsoGone.isEmpty() ? "" : "\nAlso not running: " + String.join("\n", alsoGone)));
			}
			return ready(pod);
		});
	}

	/** The last lines the pod wrote, to standard output and error. */
	private static String tail(Pod pod, int lines) {
		Commands.Result logs = Docker.run(Duration.ofMinutes(1), "docker", "logs", "--tail", String.valueOf(lines),
				pod.container());
		return (logs.output() + logs.errors()).trim();
	}

	/**
	 * @param pod a pod @return whether its readiness probe passes now
	 */
	boolean ready(Pod pod) {
		Map<String, Object> probe = map(pod.spec().get("readinessProbe"));
		if (probe.containsKey("httpGet")) {
			Map<String, Object> get = map(probe.get("httpGet"));
			Object port = get.get("port");
			int number = (port instanceof Number value) ? value.intValue() : pod.ports().get(String.valueOf(port));
			return status(pod.url(number, String.valueOf(get.get("path")))) / 100 == 2;
		}
		if (probe.containsKey("exec")) {
			List<String> command = new ArrayList<>(List.of("docker", "exec", pod.container()));
			strings(map(probe.get("exec")).get("command")).forEach(command::add);
			return Docker.run(Duration.ofSeconds(30), command.toArray(String[]::new)).exitCode() == 0;
		}
		throw new IllegalStateException(pod.name() + " has no readiness probe");
	}

	private boolean running(Pod pod) {
		return "true".equals(Docker.docker("inspect", "-f", "{{.State.Running}}", pod.container()));
	}

	private int status(URI uri) {
		try {
			return this.http
				.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			return 0;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 0;
		}
	}

	/**
	 * Stops the pod as the kubelet does: its preStop hook, then SIGTERM, then SIGKILL
	 * when the grace period (which the hook's time counts against) is over.
	 * @param pod the pod
	 * @return how it ended
	 */
	Stopped stop(Pod pod) {
		long grace = ((Number) pod.podSpec().getOrDefault("terminationGracePeriodSeconds", 30)).longValue();
		long start = System.nanoTime();
		Map<String, Object> preStop = map(map(pod.spec().get("lifecycle")).get("preStop"));
		if (preStop.containsKey("exec")) {
			List<String> command = new ArrayList<>(List.of("docker", "exec", pod.container()));
			strings(map(preStop.get("exec")).get("command")).forEach(command::add);
			Docker.run(Duration.ofSeconds(grace), command.toArray(String[]::new));
		}
		long left = Math.max(1, grace - Duration.ofNanos(System.nanoTime() - start).toSeconds());
		Docker.docker("stop", "-t", String.valueOf(left), pod.container());
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		return new Stopped(pod,
				Integer.parseInt(Docker.docker("inspect", "-f", "{{.State.ExitCode}}", pod.container())), took,
				Duration.ofSeconds(grace));
	}

	/**
	 * Kills the pod's container with SIGKILL.
	 * @param pod the pod
	 */
	void kill(Pod pod) {
		Docker.docker("kill", "-s", "KILL", pod.container());
	}

	private void keepLogs(Pod pod) {
		Commands.Result logs = Docker.run(Duration.ofMinutes(1), "docker", "logs", pod.container());
		try {
			Files.writeString(this.logs.resolve(pod.container() + "-" + pod.id().substring(0, 8) + ".log"),
					logs.output() + logs.errors());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		for (Pod pod : List.copyOf(this.pods)) {
			keepLogs(pod);
			Docker.run(Duration.ofMinutes(1), "docker", "rm", "-f", "-v", pod.container());
		}
		this.pods.clear();
		Docker.run(Duration.ofMinutes(1), "docker", "network", "rm", this.network);
	}

	private List<Map<String, Object>> kind(String kind) {
		return this.manifests.stream().filter((manifest) -> kind.equals(manifest.get("kind"))).toList();
	}

	private static String name(Map<String, Object> manifest) {
		return String.valueOf(map(manifest.get("metadata")).get("name"));
	}

	static long megabytes(String quantity) {
		String value = quantity.trim();
		if (value.endsWith("Gi")) {
			return Long.parseLong(value.substring(0, value.length() - 2)) * 1024;
		}
		if (value.endsWith("Mi")) {
			return Long.parseLong(value.substring(0, value.length() - 2));
		}
		throw new IllegalStateException("memory quantity " + quantity + " is not carried over");
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object value) {
		return (value != null) ? (Map<String, Object>) value : Map.of();
	}

	static List<String> strings(Object value) {
		return (value != null) ? ((List<?>) value).stream().map(String::valueOf).toList() : List.of();
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> list(Object value) {
		return (value != null) ? (List<Map<String, Object>>) value : List.of();
	}

	/**
	 * A Deployment or StatefulSet.
	 *
	 * @param kind its kind
	 * @param name its name
	 * @param replicas its replicas
	 * @param template its pod template
	 */
	record Workload(String kind, String name, int replicas, Map<String, Object> template) {

		@Override
		public String toString() {
			return this.kind.toLowerCase(Locale.ROOT) + "/" + this.name;
		}

	}

	/**
	 * A running pod.
	 *
	 * @param workload what it belongs to
	 * @param name its name (and host name)
	 * @param container its container's name
	 * @param id its container's id
	 * @param ip its address on the cluster network
	 * @param ports its container ports by name
	 * @param published where each container port is published on 127.0.0.1
	 * @param spec its container's spec
	 * @param podSpec its pod's spec
	 */
	record Pod(Workload workload, String name, String container, String id, String ip, Map<String, Integer> ports,
			Map<Integer, String> published, Map<String, Object> spec, Map<String, Object> podSpec) {

		/**
		 * @param containerPort one of its ports
		 * @param path a path
		 * @return the URL of that path on 127.0.0.1, where the port is published
		 */
		URI url(int containerPort, String path) {
			return URI.create("http://" + address(containerPort) + path);
		}

		/**
		 * @return its HTTP port's URL of the path
		 */
		URI http(String path) {
			return url(this.ports.get("http"), path);
		}

		/**
		 * @param containerPort one of its ports @return host:port on 127.0.0.1
		 */
		String address(int containerPort) {
			return this.published.get(containerPort);
		}

		@Override
		public String toString() {
			return this.name;
		}

	}

	/**
	 * How a stopped pod ended.
	 *
	 * @param pod the pod
	 * @param exitCode its container's exit code
	 * @param took from the start of the stop until the container had exited
	 * @param grace its grace period
	 */
	record Stopped(Pod pod, int exitCode, Duration took, Duration grace) {

	}

}
