-- What the command service knows of each car's connection, from vehicle.connectivity.v1: commands
-- for a car that is not online stay QUEUED until it is.
create table vehicle_connectivity (
    vin         varchar(17)  primary key,
    online      boolean      not null,
    changed_at  timestamptz  not null
);
