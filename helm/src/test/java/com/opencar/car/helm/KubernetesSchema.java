package com.opencar.car.helm;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;

/**
 * Checks rendered manifests against the Kubernetes API schema, offline, twice over:
 * <ul>
 * <li>each is read into the fabric8 model class of its {@code apiVersion} and
 * {@code kind} (classes generated from the Kubernetes OpenAPI schema, Kubernetes 1.33,
 * plus the Prometheus Operator's and the Gateway API's): an unknown kind or API version,
 * a field the type does not have (anywhere in the object) or a value of the wrong type is
 * a violation;</li>
 * <li>built-in kinds also go through the validators the official Kubernetes Java client
 * generates from the OpenAPI schema (Kubernetes 1.32), which report missing required
 * fields and unknown fields.</li>
 * </ul>
 */
final class KubernetesSchema {

	private static final Gson GSON = new Gson();

	private static final ObjectMapper MAPPER = JsonMapper.builder()
		// "2" is not an integer, true is not a string
		.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
		.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.build();

	private KubernetesSchema() {
	}

	/** The violations of one manifest, empty when it is valid. */
	static List<String> violations(Map<String, Object> manifest) {
		String where = manifest.get("kind") + " " + name(manifest);
		KubernetesResource resource;
		try {
			resource = MAPPER.convertValue(manifest, KubernetesResource.class);
		}
		catch (IllegalArgumentException ex) {
			return List.of(where + ": " + ex.getMessage().replaceAll("\\s+", " "));
		}
		if (resource == null || resource instanceof GenericKubernetesResource) {
			return List.of(where + ": " + manifest.get("apiVersion") + " " + manifest.get("kind")
					+ " is not a known Kubernetes API type");
		}
		List<String> violations = new ArrayList<>();
		unknownFields(resource, where, violations);
		officialValidator(manifest).ifPresent((validator) -> {
			try {
				validator.invoke(null, GSON.toJsonTree(manifest));
			}
			catch (InvocationTargetException ex) {
				// the message ends with the whole offending object
				String message = ex.getCause().getMessage();
				int json = message.indexOf(" JSON: ");
				violations.add(where + ": " + ((json > 0) ? message.substring(0, json) : message));
			}
			catch (IllegalAccessException ex) {
				throw new IllegalStateException(ex);
			}
		});
		return violations;
	}

	/**
	 * The official client's {@code validateJsonElement} of the manifest's model, such as
	 * {@code V1Deployment} for {@code apps/v1} Deployment; none for custom resources.
	 */
	private static Optional<Method> officialValidator(Map<String, Object> manifest) {
		String apiVersion = String.valueOf(manifest.get("apiVersion"));
		String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
		String model = "io.kubernetes.client.openapi.models." + Character.toUpperCase(version.charAt(0))
				+ version.substring(1) + manifest.get("kind");
		try {
			return Optional.of(Class.forName(model).getMethod("validateJsonElement", JsonElement.class));
		}
		catch (ClassNotFoundException | NoSuchMethodException ex) {
			return Optional.empty();
		}
	}

	@SuppressWarnings("unchecked")
	private static String name(Map<String, Object> manifest) {
		Object metadata = manifest.get("metadata");
		return (metadata instanceof Map<?, ?> map) ? String.valueOf(((Map<String, Object>) map).get("name")) : "?";
	}

	/**
	 * The model classes keep fields they do not know in {@code additionalProperties}: any
	 * there is a field the API type does not have.
	 */
	private static void unknownFields(Object value, String path, List<String> violations) {
		if (value == null) {
			return;
		}
		if (value instanceof Collection<?> items) {
			int index = 0;
			for (Object item : items) {
				unknownFields(item, path + "[" + index++ + "]", violations);
			}
			return;
		}
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, item) -> unknownFields(item, path + "." + key, violations));
			return;
		}
		if (!value.getClass().getPackageName().startsWith("io.fabric8")) {
			return;
		}
		for (Method getter : value.getClass().getMethods()) {
			if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
					|| !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
				continue;
			}
			Object property = invoke(getter, value);
			if (getter.getName().equals("getAdditionalProperties")) {
				if (property instanceof Map<?, ?> extra && !extra.isEmpty()) {
					violations.add(path + ": unknown field(s) " + extra.keySet());
				}
				continue;
			}
			String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
			unknownFields(property, path + "." + field, violations);
		}
	}

	private static Object invoke(Method getter, Object target) {
		try {
			return getter.invoke(target);
		}
		catch (IllegalAccessException | InvocationTargetException ex) {
			return null;
		}
	}

}
