package com.opencar.car.containers;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;

/**
 * Prints how many raw telemetry documents of cars whose VIN starts with a prefix a
 * MongoDB holds. Run as a container on a compose network, where the database is reachable
 * by its service name and from nowhere else.
 */
final class MongoCount {

	private MongoCount() {
	}

	/**
	 * @param args the connection string (with the database) and the VIN prefix
	 */
	public static void main(String[] args) {
		String uri = args[0];
		String database = uri.substring(uri.lastIndexOf('/') + 1);
		try (MongoClient mongo = MongoClients.create(uri)) {
			System.out.println(mongo.getDatabase(database)
				.getCollection("telemetry_raw")
				.countDocuments(Filters.regex("vin", "^" + args[1])));
		}
	}

}
