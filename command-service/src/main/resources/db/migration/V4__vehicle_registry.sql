-- The vehicle registry, owned by the command service: which fleet each vehicle belongs to (who
-- may see it and command it) and whether its broker credentials are to be accepted. Other
-- services learn it from the compacted topic vehicle.registry.v1, never from this table.
create table vehicle_registry (
    vin           varchar(17)  collate "C" primary key,
    fleet         varchar(64)  not null,
    model         varchar(100),
    display_name  varchar(100),
    credentials   varchar(16)  not null,
    retired       boolean      not null default false,
    created_at    timestamptz  not null,
    updated_at    timestamptz  not null,
    version       bigint       not null
);

create index vehicle_registry_fleet on vehicle_registry (fleet, vin);
