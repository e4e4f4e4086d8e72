-- Telemetry time series: one row per message, range-partitioned by sample time, one partition per
-- UTC day. The service creates partitions ahead of time and drops whole partitions past retention
-- (TelemetryPartitions). A unique key on a partitioned table must contain the partition key, so a
-- message is identified by (vin, seq, sampled_at): a redelivered message carries the same three.

create table telemetry (
    vin              varchar(17)      not null,
    seq              bigint           not null,
    sampled_at       timestamptz      not null,
    received_at      timestamptz      not null,
    -- typed copies of the hot signals, for range scans and aggregates without jsonb parsing
    speed_kmh        double precision,
    latitude         double precision,
    longitude        double precision,
    heading          double precision,
    state_of_charge  double precision,
    odometer_km      double precision,
    signals          jsonb            not null,
    primary key (vin, sampled_at, seq)
) partition by range (sampled_at);

-- Fleet-wide time ranges: rows arrive roughly in sample-time order, so a BRIN index serves them
-- at a fraction of a B-tree's size and insert cost (per-car ranges use the primary key)
create index telemetry_sampled_at on telemetry using brin (sampled_at);

-- vehicle_state is updated once per car and batch: leave room in each page so updates stay
-- heap-only (HOT) and skip the index
alter table vehicle_state set (fillfactor = 70);

-- Events (DTC, CRASH, AIRBAG, DOOR …) from vehicle.events.v1
create table vehicle_events (
    vin          varchar(17)  not null,
    seq          bigint       not null,
    occurred_at  timestamptz  not null,
    received_at  timestamptz  not null,
    type         varchar(64)  not null,
    data         jsonb        not null,
    primary key (vin, seq)
);

create index vehicle_events_type_time on vehicle_events (type, occurred_at desc);

-- Alerts from vehicle.alerts.v1 (produced by analytics)
create table alerts (
    alert_id     uuid         primary key,
    vin          varchar(17)  not null,
    type         varchar(64)  not null,
    severity     varchar(16)  not null,
    raised_at    timestamptz  not null,
    data         jsonb        not null
);

create index alerts_vin_time on alerts (vin, raised_at desc);
create index alerts_type_time on alerts (type, raised_at desc);

-- The published read contract: analytics (and anyone else) reads these views, never the tables,
-- so the tables can change behind them. They are versioned by name.
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
