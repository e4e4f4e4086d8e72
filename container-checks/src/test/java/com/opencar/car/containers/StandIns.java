package com.opencar.car.containers;

import java.util.Map;

/**
 * The infrastructure images docker/build-images --local builds where no registry can be
 * reached, by the official image each stands in for. With
 * {@code -Dcontainers.infrastructure=official} the official images run instead.
 */
final class StandIns {

	private static final Map<String, String> BY_REPOSITORY = Map.of("emqx/emqx", "opencar/stand-in-emqx:local",
			"apache/kafka", "opencar/stand-in-kafka:local", "postgres", "opencar/stand-in-postgres:local", "mongo",
			"opencar/stand-in-mongo:local");

	private StandIns() {
	}

	/**
	 * @param image an image a manifest or compose file names
	 * @return the image to run for it
	 */
	static String image(String image) {
		if ("official".equals(System.getProperty("containers.infrastructure"))) {
			return image;
		}
		int tag = image.lastIndexOf(':');
		String repository = (tag > 0) ? image.substring(0, tag) : image;
		return BY_REPOSITORY.getOrDefault(repository, image);
	}

}
