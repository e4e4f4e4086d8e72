package com.opencar.car.command.registry;

import java.util.Collection;
import java.util.List;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface RegisteredVehicles extends JpaRepository<RegisteredVehicle, String> {

	Page<RegisteredVehicle> findByFleetInOrderByVin(Collection<String> fleets, Pageable page);

	Page<RegisteredVehicle> findAllByOrderByVin(Pageable page);

	@Query("select v.vin from RegisteredVehicle v where v.fleet in :fleets")
	List<String> vinsIn(Collection<String> fleets);

}
