package com.opencar.car.store.telemetry;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.opencar.car.store.StoreProperties;

/**
 * Keeps one {@code telemetry} partition per UTC day: from the oldest day inside the
 * retention period to {@code partitions-ahead} days after today. Runs before the
 * listeners start (so every row within retention has a partition) and then every
 * {@code maintenance-interval}; expired days are dropped whole, which is instant and
 * leaves no bloat, unlike {@code DELETE}. Every instance of the store maintains them, one
 * at a time: each run holds a transaction-scoped advisory lock, since
 * {@code create table if not exists} is not safe against a concurrent creation of the
 * same table (two instances starting together met "relation already exists").
 */
@Component
public class TelemetryPartitions implements InitializingBean {

	private static final Logger logger = LoggerFactory.getLogger(TelemetryPartitions.class);

	private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd");

	private static final String PREFIX = "telemetry_p";

	/** The advisory lock the store's instances take turns with ("telemetry" in ASCII). */
	private static final long LOCK = 0x74656c656d657472L;

	private final JdbcClient jdbc;

	private final StoreProperties.Postgres properties;

	private final Clock clock;

	private final TransactionTemplate transaction;

	TelemetryPartitions(JdbcClient jdbc, StoreProperties properties, Optional<Clock> clock,
			PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.properties = properties.postgres();
		this.clock = clock.orElse(Clock.systemUTC());
		this.transaction = new TransactionTemplate(transactions);
	}

	@Override
	public void afterPropertiesSet() {
		maintain();
	}

	/**
	 * The start of the oldest day kept; telemetry sampled before it is not stored.
	 * @return the bound
	 */
	public Instant oldestKept() {
		return firstKeptDay().atStartOfDay(ZoneOffset.UTC).toInstant();
	}

	@Scheduled(fixedDelayString = "${car.store.postgres.maintenance-interval:1h}",
			initialDelayString = "${car.store.postgres.maintenance-interval:1h}")
	public synchronized void maintain() {
		this.transaction.executeWithoutResult((status) -> {
			this.jdbc.sql("select pg_advisory_xact_lock(?)").param(LOCK).query().singleRow();
			maintainLocked();
		});
	}

	private void maintainLocked() {
		LocalDate first = firstKeptDay();
		LocalDate last = LocalDate.now(this.clock).plusDays(this.properties.partitionsAhead());
		List<String> existing = partitions();
		List<String> created = new ArrayList<>();
		for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
			String name = PREFIX + SUFFIX.format(day);
			if (!existing.contains(name)) {
				this.jdbc
					.sql("create table if not exists " + name + " partition of telemetry for values from ('" + day
							+ "T00:00:00Z') to ('" + day.plusDays(1) + "T00:00:00Z')")
					.update();
				created.add(name);
			}
		}
		List<String> dropped = new ArrayList<>();
		for (String name : existing) {
			LocalDate day = LocalDate.parse(name.substring(PREFIX.length()), SUFFIX);
			if (day.isBefore(first)) {
				this.jdbc.sql("drop table if exists " + name).update();
				dropped.add(name);
			}
		}
		if (!created.isEmpty() || !dropped.isEmpty()) {
			logger.atInfo()
				.setMessage("Telemetry partitions maintained")
				.addKeyValue("created", created)
				.addKeyValue("dropped", dropped)
				.addKeyValue("oldest_kept", first)
				.log();
		}
	}

	/**
	 * @return the names of the existing daily partitions, oldest first
	 */
	public List<String> partitions() {
		return this.jdbc.sql("""
				select child.relname from pg_inherits
				join pg_class parent on parent.oid = pg_inherits.inhparent
				join pg_class child on child.oid = pg_inherits.inhrelid
				where parent.relname = 'telemetry' and child.relname ~ '^telemetry_p[0-9]{8}$'
				order by child.relname
				""").query(String.class).list();
	}

	private LocalDate firstKeptDay() {
		return LocalDate.ofInstant(this.clock.instant().minus(this.properties.retention()), ZoneOffset.UTC);
	}

}
