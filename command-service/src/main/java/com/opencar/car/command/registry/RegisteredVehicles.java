package com.opencar.car.command.registry;

import java.util.Collection;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface RegisteredVehicles extends JpaRepository<RegisteredVehicle, String> {

	Page<RegisteredVehicle> findByFleetInOrderByVin(Collection<String> fleets, Pageable page);

	Page<RegisteredVehicle> findAllByOrderByVin(Pageable page);

}
