package com.opencar.car.testsupport.fleet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import org.bson.Document;

/**
 * What the telemetry store kept of some cars (those whose VIN starts with a prefix), by
 * (vin, seq), in PostgreSQL ({@code telemetry}) and MongoDB ({@code telemetry_raw}), to
 * hold against what the broker acknowledged to them.
 */
public final class StoredTelemetry {

	private static final int LOOKUP_BATCH = 1000;

	private StoredTelemetry() {
	}

	/**
	 * @param store a connection to the store's database
	 * @param vinPrefix the cars' VIN prefix
	 * @return the distinct sequence numbers per VIN
	 * @throws SQLException when PostgreSQL does not answer
	 */
	public static Map<String, Set<Long>> inPostgres(Connection store, String vinPrefix) throws SQLException {
		Map<String, Set<Long>> stored = new HashMap<>();
		try (PreparedStatement statement = store.prepareStatement("select vin, seq from telemetry where vin like ?")) {
			statement.setString(1, vinPrefix + "%");
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					stored.computeIfAbsent(rows.getString(1), (vin) -> new HashSet<>()).add(rows.getLong(2));
				}
			}
		}
		return stored;
	}

	/**
	 * @param store a connection to the store's database
	 * @param vinPrefix the cars' VIN prefix
	 * @return the rows, duplicates included
	 * @throws SQLException when PostgreSQL does not answer
	 */
	public static long postgresRows(Connection store, String vinPrefix) throws SQLException {
		try (PreparedStatement statement = store.prepareStatement("select count(*) from telemetry where vin like ?")) {
			statement.setString(1, vinPrefix + "%");
			try (ResultSet rows = statement.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		}
	}

	/**
	 * @param mongoUri the store's MongoDB
	 * @param database its database
	 * @param vinPrefix the cars' VIN prefix
	 * @return the distinct sequence numbers per VIN
	 */
	public static Map<String, Set<Long>> inMongo(String mongoUri, String database, String vinPrefix) {
		Map<String, Set<Long>> stored = new HashMap<>();
		try (MongoClient mongo = MongoClients.create(mongoUri)) {
			for (Document document : mongo.getDatabase(database)
				.getCollection("telemetry_raw")
				.find(Filters.regex("vin", "^" + vinPrefix))
				.projection(Projections.include("vin", "seq"))) {
				stored.computeIfAbsent(document.getString("vin"), (vin) -> new HashSet<>())
					.add(((Number) document.get("seq")).longValue());
			}
		}
		return stored;
	}

	/**
	 * Looks the acknowledged messages not found yet up by their document id,
	 * {@code vin:seq}, a thousand at a time: each query reads only what it names, where a
	 * query over the cars' VIN prefix makes the MongoDB-compatible server collect every
	 * match in memory (it ran out of heap at a million documents). Since the id is the
	 * message's identity and unique, a message found is stored exactly once.
	 * @param mongoUri the store's MongoDB
	 * @param database its database
	 * @param promised what the broker acknowledged
	 * @param found what earlier calls found, added to
	 * @return how many acknowledged messages are still not found
	 */
	public static long missingInMongo(String mongoUri, String database, Map<String, Set<Long>> promised,
			Map<String, Set<Long>> found) {
		long missing = 0;
		try (MongoClient mongo = MongoClients.create(mongoUri)) {
			MongoCollection<Document> raw = mongo.getDatabase(database).getCollection("telemetry_raw");
			List<String> ids = new ArrayList<>(LOOKUP_BATCH);
			for (Map.Entry<String, Set<Long>> car : promised.entrySet()) {
				Set<Long> have = found.computeIfAbsent(car.getKey(), (vin) -> new HashSet<>());
				for (long seq : car.getValue()) {
					if (!have.contains(seq)) {
						ids.add(car.getKey() + ":" + seq);
						if (ids.size() == LOOKUP_BATCH) {
							lookUp(raw, ids, found);
						}
					}
				}
			}
			lookUp(raw, ids, found);
		}
		return missing(found, promised);
	}

	private static void lookUp(MongoCollection<Document> raw, List<String> ids, Map<String, Set<Long>> found) {
		if (ids.isEmpty()) {
			return;
		}
		for (Document document : raw.find(Filters.in("_id", ids)).projection(Projections.include("vin", "seq"))) {
			found.computeIfAbsent(document.getString("vin"), (vin) -> new HashSet<>())
				.add(((Number) document.get("seq")).longValue());
		}
		ids.clear();
	}

	/**
	 * @param mongoUri the store's MongoDB
	 * @param database its database
	 * @param vinPrefix the cars' VIN prefix
	 * @return the documents, duplicates included
	 */
	public static long mongoDocuments(String mongoUri, String database, String vinPrefix) {
		try (MongoClient mongo = MongoClients.create(mongoUri)) {
			return mongo.getDatabase(database)
				.getCollection("telemetry_raw")
				.countDocuments(Filters.regex("vin", "^" + vinPrefix));
		}
	}

	/**
	 * @param stored what a store has
	 * @param promised what the broker acknowledged
	 * @return how many acknowledged messages the store lacks
	 */
	public static long missing(Map<String, Set<Long>> stored, Map<String, Set<Long>> promised) {
		long missing = 0;
		for (Map.Entry<String, Set<Long>> car : promised.entrySet()) {
			Set<Long> have = stored.getOrDefault(car.getKey(), Set.of());
			missing += car.getValue().stream().filter((seq) -> !have.contains(seq)).count();
		}
		return missing;
	}

	/**
	 * @param stored sequence numbers per VIN
	 * @return how many in all
	 */
	public static long count(Map<String, Set<Long>> stored) {
		return stored.values().stream().mapToLong(Set::size).sum();
	}

}
