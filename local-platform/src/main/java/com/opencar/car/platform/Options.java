package com.opencar.car.platform;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The launcher's command-line options, {@code --name=value} each.
 *
 * @param cars how many simulated cars ({@code --cars}, 50)
 * @param dataDirectory where PostgreSQL, HiveMQ, the MongoDB emulator and the logs keep
 * their files between runs ({@code --data-dir}, {@code local-data})
 * @param fresh start from empty data ({@code --fresh})
 * @param home the checkout whose built jars run ({@code --home}, the working directory)
 * @param kafkaBootstrapServers an external Kafka instead of the embedded one
 * @param mqttUrl an external MQTT broker instead of HiveMQ CE
 * @param postgresUrl an external PostgreSQL server ({@code jdbc:postgresql://host:port/},
 * with databases {@code car} and {@code car_commands}), or one database for all
 * @param postgresUser its user
 * @param postgresPassword its password
 * @param mongodbUri an external MongoDB (for example a real one) instead of the emulator
 * @param otlpEndpoint where the services send their traces (OTLP over HTTP), or none
 */
record Options(int cars, Path dataDirectory, boolean fresh, Path home, String kafkaBootstrapServers, String mqttUrl,
		String postgresUrl, String postgresUser, String postgresPassword, String mongodbUri, String otlpEndpoint) {

	static final String USAGE = """
			Options (all optional):
			  --cars=N                 simulated cars (default 50; 0 for none)
			  --data-dir=PATH          data kept between runs (default local-data)
			  --fresh                  delete the data directory first
			  --kafka=HOST:PORT        use this Kafka instead of the embedded broker
			  --mqtt=tcp://HOST:PORT   use this MQTT broker instead of HiveMQ CE
			  --postgres=JDBC-URL      use this PostgreSQL: jdbc:postgresql://host:port/ with databases car and
			                           car_commands (with --postgres-user, --postgres-password)
			  --mongodb=URI            use this MongoDB (e.g. mongodb://localhost:27017/car) instead of the emulator
			  --otlp=URL               send traces there, OTLP over HTTP (e.g. http://localhost:4318/v1/traces)
			""";

	static Options parse(String... args) {
		Map<String, String> values = new HashMap<>();
		for (String arg : args) {
			if (!arg.startsWith("--")) {
				throw new IllegalArgumentException("Unknown argument " + arg + "\n" + USAGE);
			}
			int equals = arg.indexOf('=');
			values.put((equals < 0) ? arg.substring(2) : arg.substring(2, equals),
					(equals < 0) ? "true" : arg.substring(equals + 1));
		}
		Options options = new Options(Integer.parseInt(values.getOrDefault("cars", "50")),
				Path.of(values.getOrDefault("data-dir", "local-data")).toAbsolutePath(),
				Boolean.parseBoolean(values.getOrDefault("fresh", "false")),
				Path.of(values.getOrDefault("home", ".")).toAbsolutePath().normalize(), values.get("kafka"),
				values.get("mqtt"), values.get("postgres"), values.getOrDefault("postgres-user", "postgres"),
				values.getOrDefault("postgres-password", "postgres"), values.get("mongodb"), values.get("otlp"));
		values.keySet()
			.removeAll(java.util.Set.of("cars", "data-dir", "fresh", "home", "kafka", "mqtt", "postgres",
					"postgres-user", "postgres-password", "mongodb", "otlp"));
		if (!values.isEmpty()) {
			throw new IllegalArgumentException("Unknown option(s) " + values.keySet() + "\n" + USAGE);
		}
		return options;
	}

}
