package com.opencar.car.analytics.trip;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import com.opencar.car.analytics.AnalyticsProperties;
import com.opencar.car.analytics.rules.VehicleAnalysisState.DrivingTotals;

import static org.assertj.core.api.Assertions.assertThat;

class DriverScoreTests {

	private final AnalyticsProperties.Score rules = new Binder(new MapConfigurationPropertySource(Map.of()))
		.bindOrCreate("car.analytics", AnalyticsProperties.class)
		.score();

	@Test
	void deductsForHarshEventsPer100KmAndTheShareOfTimeSpeeding() {
		// 200 km, 4 hours, 24 minutes speeding, 3 harsh brakings and 1 harsh acceleration
		DriverScore score = DriverScore.of("WVWZZZ1JZXW000S01", new DrivingTotals(200, 14_400, 1_440, 3, 1),
				this.rules);
		assertThat(score.harshEventsPer100Km()).isEqualTo(2.0);
		assertThat(score.overspeedShare()).isEqualTo(0.1);
		// 100 − 2 × 5 − 0.1 × 100
		assertThat(score.score()).isEqualTo(80.0);
		assertThat(score.explanation()).containsExactly("Starts at 100",
				"−10.0 for 2.0 harsh braking or acceleration events per 100 km (4 in 200.0 km, 5.0 points each)",
				"−10.0 for speeding 10 % of the driving time (100.0 points for speeding all the time)", "= 80.0");
	}

	@Test
	void neverBelowZero() {
		assertThat(DriverScore.of("WVWZZZ1JZXW000S01", new DrivingTotals(10, 600, 600, 20, 20), this.rules).score())
			.isZero();
	}

	@Test
	void noScoreBeforeEnoughDriving() {
		DriverScore score = DriverScore.of("WVWZZZ1JZXW000S01", new DrivingTotals(0.4, 60, 0, 1, 0), this.rules);
		assertThat(score.score()).isNull();
		assertThat(score.explanation()).singleElement().asString().contains("No score before 1.0 km");
	}

}
