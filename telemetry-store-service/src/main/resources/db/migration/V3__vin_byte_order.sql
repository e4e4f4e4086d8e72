-- VINs are 17 ASCII letters and digits (ISO 3779), so byte order is their natural order. Keys on
-- them in the "C" collation compare with memcmp instead of the database's locale rules
-- (strcoll): with en_US.UTF-8 or C.UTF-8 databases that made every primary-key probe of the
-- telemetry insert measurably slower (StoreBenchmark: +5 % rows/s through the sink, +10 % for raw
-- COPY). Order by VIN is unchanged for valid VINs.

-- views depend on the columns' types; they are recreated unchanged below
drop view telemetry_v1, vehicle_state_v1, vehicle_events_v1, alerts_v1;

alter table telemetry alter column vin type varchar(17) collate "C";
alter table vehicle_state alter column vin type varchar(17) collate "C";
alter table vehicle_events alter column vin type varchar(17) collate "C";
alter table alerts alter column vin type varchar(17) collate "C";

create view telemetry_v1 as
    select vin, seq, sampled_at, received_at, speed_kmh, latitude, longitude, heading, state_of_charge,
           odometer_km, signals
    from telemetry;

create view vehicle_state_v1 as
    select vin, online, connectivity_changed_at, last_seen_at, last_sample_at, last_seq, signals
    from vehicle_state;

create view vehicle_events_v1 as
    select vin, seq, occurred_at, received_at, type, data
    from vehicle_events;

create view alerts_v1 as
    select alert_id, vin, type, severity, raised_at, data
    from alerts;
