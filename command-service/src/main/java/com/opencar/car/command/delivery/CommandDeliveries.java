package com.opencar.car.command.delivery;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

import com.opencar.car.common.command.CommandStatus;

/**
 * Stored commands.
 */
public interface CommandDeliveries extends JpaRepository<CommandDelivery, UUID> {

	Optional<CommandDelivery> findByVinAndIdempotencyKey(String vin, String idempotencyKey);

	Page<CommandDelivery> findByVinOrderByCreatedAtDesc(String vin, Pageable pageable);

	Page<CommandDelivery> findByVinAndStatusOrderByCreatedAtDesc(String vin, CommandStatus status, Pageable pageable);

}
