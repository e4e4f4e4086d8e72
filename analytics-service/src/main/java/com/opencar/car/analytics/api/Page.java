package com.opencar.car.analytics.api;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param <T> the item type
 * @param content the items
 * @param page the page number, from 0
 * @param size the page size asked for
 * @param totalElements how many items all pages hold
 * @param totalPages how many pages there are
 */
public record Page<T>(List<T> content, int page, int size, long totalElements, long totalPages) {

	public static <T> Page<T> of(List<T> content, int page, int size, long total) {
		return new Page<>(List.copyOf(content), page, size, total, (total + size - 1) / size);
	}

}
