package com.opencar.car.command.delivery;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

import com.opencar.car.common.command.CommandStatus;

/**
 * Stored commands.
 */
public interface CommandDeliveries extends JpaRepository<CommandDelivery, UUID> {

	/**
	 * Loads a command and locks its row until the transaction ends, so a change racing
	 * with another (a car's answer arriving while the dispatcher still commits SENT)
	 * waits for it and sees its result.
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select command from CommandDelivery command where command.id = :id")
	Optional<CommandDelivery> findLocked(UUID id);

	Optional<CommandDelivery> findByVinAndIdempotencyKey(String vin, String idempotencyKey);

	Page<CommandDelivery> findByVinOrderByCreatedAtDesc(String vin, Pageable pageable);

	Page<CommandDelivery> findByVinAndStatusOrderByCreatedAtDesc(String vin, CommandStatus status, Pageable pageable);

}
