package com.opencar.car.analytics;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import com.opencar.car.testsupport.TestPostgres;

/**
 * Seeds the store's published views (as tables, see {@code store-views-v1.sql}) with a
 * connection of its own: the service's connection is read-only.
 */
public final class StoreViews {

	private final JdbcTemplate jdbc;

	private StoreViews(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	public static StoreViews create(TestPostgres postgres) {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(postgres.jdbcUrl(), postgres.username(),
				postgres.password());
		new ResourceDatabasePopulator(new ClassPathResource("store-views-v1.sql")).execute(dataSource);
		return new StoreViews(new JdbcTemplate(dataSource));
	}

	public JdbcTemplate jdbc() {
		return this.jdbc;
	}

	public void clear() {
		this.jdbc.execute("truncate telemetry_v1, vehicle_state_v1, vehicle_events_v1, alerts_v1");
	}

	public void vehicle(String vin, boolean online, Instant lastSeen, String signalsJson) {
		this.jdbc.update("""
				insert into vehicle_state_v1 (vin, online, connectivity_changed_at, last_seen_at, last_sample_at,
				last_seq, signals) values (?, ?, ?, ?, ?, ?, ?::jsonb)
				""", vin, online, utc(lastSeen), utc(lastSeen), utc(lastSeen), 1L, signalsJson);
	}

	public void telemetry(String vin, long seq, Instant sampledAt, Double speed, Double soc, Double latitude,
			Double longitude, String signalsJson) {
		this.jdbc.update("""
				insert into telemetry_v1 (vin, seq, sampled_at, received_at, speed_kmh, latitude, longitude,
				state_of_charge, signals) values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
				""", vin, seq, utc(sampledAt), utc(sampledAt), speed, latitude, longitude, soc, signalsJson);
	}

	public UUID alert(String vin, String type, String severity, Instant raisedAt) {
		UUID id = UUID.randomUUID();
		this.jdbc.update("insert into alerts_v1 (alert_id, vin, type, severity, raised_at, data) values "
				+ "(?, ?, ?, ?, ?, '{}'::jsonb)", id, vin, type, severity, utc(raisedAt));
		return id;
	}

	private static Object utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
