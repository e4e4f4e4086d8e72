package com.opencar.car.store.telemetry;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.PlatformTransactionManager;

import com.opencar.car.store.StoreProperties;
import com.opencar.car.store.support.StoreIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

@StoreIntegrationTest
@TestPropertySource(properties = { "car.store.postgres.retention=3d", "car.store.postgres.partitions-ahead=2" })
class TelemetryPartitionsIntegrationTests {

	@Autowired
	private TelemetryPartitions partitions;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private StoreProperties properties;

	@Autowired
	private PlatformTransactionManager transactions;

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

	@Test
	void instancesStartingTogetherMaintainThePartitionsWithoutTrippingOverEachOther() throws Exception {
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		int instances = 6;
		for (int round = 0; round < 5; round++) {
			// days that have no partition yet, as on the first start of a new deployment
			this.partitions.partitions().forEach((name) -> this.jdbc.sql("drop table " + name).update());
			CyclicBarrier start = new CyclicBarrier(instances);
			ExecutorService pool = Executors.newFixedThreadPool(instances);
			try {
				List<Future<?>> runs = new ArrayList<>();
				for (int index = 0; index < instances; index++) {
					TelemetryPartitions instance = new TelemetryPartitions(this.jdbc, this.properties, Optional.empty(),
							this.transactions);
					runs.add(pool.submit(() -> {
						start.await();
						instance.maintain();
						return null;
					}));
				}
				for (Future<?> run : runs) {
					run.get(1, TimeUnit.MINUTES);
				}
			}
			finally {
				pool.shutdownNow();
			}
			assertThat(this.partitions.partitions()).contains(name(today.minusDays(3)), name(today),
					name(today.plusDays(2)));
		}
	}

	private static String name(LocalDate day) {
		return "telemetry_p" + day.toString().replace("-", "");
	}

}
