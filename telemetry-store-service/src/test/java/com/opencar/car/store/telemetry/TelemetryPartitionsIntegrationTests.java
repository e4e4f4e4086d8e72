package com.opencar.car.store.telemetry;

import java.time.LocalDate;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import com.opencar.car.store.support.StoreIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

@StoreIntegrationTest
@TestPropertySource(properties = { "car.store.postgres.retention=3d", "car.store.postgres.partitions-ahead=2" })
class TelemetryPartitionsIntegrationTests {

	@Autowired
	private TelemetryPartitions partitions;

	@Autowired
	private JdbcClient jdbc;

	@Test
	void keepsOneDailyPartitionFromTheRetentionLimitToDaysAhead() {
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		// a partition past retention, as an earlier run with a longer retention left it
		LocalDate expired = today.minusDays(20);
		this.jdbc
			.sql("create table if not exists telemetry_p" + expired.toString().replace("-", "")
					+ " partition of telemetry for values from ('" + expired + "') to ('" + expired.plusDays(1) + "')")
			.update();
		assertThat(this.partitions.partitions()).contains(name(expired));

		this.partitions.maintain();

		assertThat(this.partitions.partitions()).doesNotContain(name(expired))
			.contains(name(today.minusDays(3)), name(today), name(today.plusDays(1)), name(today.plusDays(2)))
			.allSatisfy((name) -> assertThat(name).isGreaterThanOrEqualTo(name(today.minusDays(3))));
		assertThat(this.partitions.oldestKept()).isEqualTo(today.minusDays(3).atStartOfDay(ZoneOffset.UTC).toInstant());
		// a row sampled today lands in today's partition
		this.jdbc.sql("""
				insert into telemetry (vin, seq, sampled_at, received_at, signals)
				values ('PARTSZZZ000000001', 1, now(), now(), '{}') on conflict do nothing
				""").update();
		assertThat(this.jdbc.sql("select tableoid::regclass::text from telemetry where vin = 'PARTSZZZ000000001'")
			.query(String.class)
			.single()).isEqualTo(name(today));
	}

	private static String name(LocalDate day) {
		return "telemetry_p" + day.toString().replace("-", "");
	}

}
