package com.opencar.car.containers;

import java.util.Map;
import java.util.Optional;

/**
 * The infrastructure images docker/build-images --local builds where no registry can be
 * reached, by the official image each stands in for. With
 * {@code -Dcontainers.infrastructure=official} the official images run instead.
 */
final class StandIns {

	private static final String MONGO = "opencar/stand-in-mongo:local";

	private static final Map<String, String> BY_REPOSITORY = Map.of("emqx/emqx", "opencar/stand-in-emqx:local",
			"apache/kafka", "opencar/stand-in-kafka:local", "postgres", "opencar/stand-in-postgres:local", "mongo",
			MONGO);

	private StandIns() {
	}

	/**
	 * The memory limit a stand-in runs with instead of the one the chart gives the image
	 * it stands in for. The MongoDB stand-in keeps every document in memory, about 2.5 KB
	 * each, so the chart's 1 GiB for a real MongoDB holds some 300,000: CI's rollout at
	 * 200 msg/s filled it and the stand-in spent its last minutes collecting garbage on
	 * both cores before it ran out. 4 GiB holds some 1.2 million (ten minutes at 2,000
	 * msg/s); longer runs set {@code -Dcontainers.mongo-stand-in-memory=10Gi}.
	 * @param image the image that runs
	 * @return its own limit (a Kubernetes quantity), if it has one
	 */
	static Optional<String> memory(String image) {
		return MONGO.equals(image) ? Optional.of(System.getProperty("containers.mongo-stand-in-memory", "4Gi"))
				: Optional.empty();
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
