package com.opencar.car.analytics.vehicle;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import com.opencar.car.analytics.api.InvalidQueryException;

/**
 * Which vehicles a listing shows and in what order; the database filters, sorts and
 * pages, so a page costs the same with ten thousand cars as with ten.
 *
 * @param text part of a VIN or of a registered name, or {@code null} for any
 * @param status only vehicles in this state, or {@code null} for all
 * @param sort the order, then by VIN
 * @param descending whether highest (newest) first
 */
public record VehicleQuery(String text, Status status, Sort sort, boolean descending) {

	public VehicleQuery {
		text = (text == null || text.isBlank()) ? null : text.strip();
		sort = (sort != null) ? sort : Sort.VIN;
	}

	/**
	 * Reads a query's parameters as the API and the dashboard take them.
	 * @param text {@code q}
	 * @param status {@code status}: online, offline, charging or alerting
	 * @param sort {@code sort}: vin, lastSeen, charge or speed
	 * @param order {@code order}: asc or desc
	 * @return the query
	 * @throws InvalidQueryException naming the parameter that is not one of those
	 */
	public static VehicleQuery of(String text, String status, String sort, String order) {
		Status wanted = (status == null || status.isBlank()) ? null : named(Status.values(), status)
			.orElseThrow(() -> new InvalidQueryException("status", "status must be one of " + names(Status.values())));
		Sort by = (sort == null || sort.isBlank()) ? Sort.VIN : named(Sort.values(), sort)
			.orElseThrow(() -> new InvalidQueryException("sort", "sort must be one of " + names(Sort.values())));
		if (order != null && !order.isBlank() && !order.equals("asc") && !order.equals("desc")) {
			throw new InvalidQueryException("order", "order must be asc or desc");
		}
		return new VehicleQuery(text, wanted, by, "desc".equals(order));
	}

	private static <E extends Enum<E> & Named> Optional<E> named(E[] values, String name) {
		return Arrays.stream(values).filter((value) -> value.parameter().equals(name)).findFirst();
	}

	private static String names(Named[] values) {
		return String.join(", ", Arrays.stream(values).map(Named::parameter).toList());
	}

	/** A value as its query parameter spells it. */
	interface Named {

		String parameter();

	}

	/** The states the fleet table filters by. */
	public enum Status implements Named {

		ONLINE, OFFLINE, CHARGING,
		/** With an alert raised within the open-alerts window. */
		ALERTING;

		@Override
		public String parameter() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/** What the fleet table sorts by. */
	public enum Sort implements Named {

		VIN("vin", "vin"), LAST_SEEN("lastSeen", "last_seen_at"), CHARGE("charge", "soc"), SPEED("speed", "speed");

		private final String parameter;

		/** A column of the listing's select, never input. */
		private final String column;

		Sort(String parameter, String column) {
			this.parameter = parameter;
			this.column = column;
		}

		@Override
		public String parameter() {
			return this.parameter;
		}

		String column() {
			return this.column;
		}

	}

}
