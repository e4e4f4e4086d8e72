package com.opencar.car.command.delivery;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import com.opencar.car.common.command.CommandStatus;

import static com.opencar.car.common.command.CommandStatus.CANCELLED;
import static com.opencar.car.common.command.CommandStatus.DELIVERED;
import static com.opencar.car.common.command.CommandStatus.EXPIRED;
import static com.opencar.car.common.command.CommandStatus.FAILED;
import static com.opencar.car.common.command.CommandStatus.QUEUED;
import static com.opencar.car.common.command.CommandStatus.REJECTED;
import static com.opencar.car.common.command.CommandStatus.SENT;
import static com.opencar.car.common.command.CommandStatus.SUCCEEDED;
import static com.opencar.car.common.command.CommandStatus.TIMED_OUT;

/**
 * The allowed transitions, in one place.
 * <ul>
 * <li>QUEUED → SENT (the broker acknowledged the publish), EXPIRED (its time to live
 * passed while the car was offline), CANCELLED.</li>
 * <li>SENT → DELIVERED (the car answered RECEIVED); SUCCEEDED, FAILED, REJECTED (an
 * outcome whose RECEIVED was lost still proves delivery); TIMED_OUT (no RECEIVED after
 * the last retry); EXPIRED (its time to live passed before the car answered); CANCELLED
 * (not yet delivered; the car ignores it, or its late answer is ignored).</li>
 * <li>DELIVERED → SUCCEEDED, FAILED, REJECTED, TIMED_OUT (no outcome within
 * {@code timeoutSeconds}).</li>
 * <li>Terminal states → nothing.</li>
 * </ul>
 */
final class Lifecycle {

	private static final Map<CommandStatus, Set<CommandStatus>> ALLOWED = new EnumMap<>(CommandStatus.class);

	static {
		ALLOWED.put(QUEUED, EnumSet.of(SENT, EXPIRED, CANCELLED));
		ALLOWED.put(SENT, EnumSet.of(DELIVERED, SUCCEEDED, FAILED, REJECTED, TIMED_OUT, EXPIRED, CANCELLED));
		ALLOWED.put(DELIVERED, EnumSet.of(SUCCEEDED, FAILED, REJECTED, TIMED_OUT));
		for (CommandStatus status : CommandStatus.values()) {
			ALLOWED.putIfAbsent(status, EnumSet.noneOf(CommandStatus.class));
		}
	}

	private Lifecycle() {
	}

	static boolean allows(CommandStatus from, CommandStatus to) {
		return ALLOWED.get(from).contains(to);
	}

	/**
	 * @param to a status
	 * @return the statuses a command may reach it from (the guard of a set-based change)
	 */
	static Set<CommandStatus> sources(CommandStatus to) {
		Set<CommandStatus> sources = EnumSet.noneOf(CommandStatus.class);
		ALLOWED.forEach((from, targets) -> {
			if (targets.contains(to)) {
				sources.add(from);
			}
		});
		return sources;
	}

}
