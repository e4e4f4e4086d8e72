-- The telemetry store's published read views (telemetry-store-service, Flyway V3), recreated
-- as plain tables with the same columns: the contract analytics reads. Analytics' tests seed
-- these; the service itself only ever selects from them.
create table if not exists telemetry_v1 (
    vin              varchar(17) collate "C" not null,
    seq              bigint           not null,
    sampled_at       timestamptz      not null,
    received_at      timestamptz      not null,
    speed_kmh        double precision,
    latitude         double precision,
    longitude        double precision,
    heading          double precision,
    state_of_charge  double precision,
    odometer_km      double precision,
    signals          jsonb            not null,
    primary key (vin, sampled_at, seq)
);

create table if not exists vehicle_state_v1 (
    vin                      varchar(17) collate "C" primary key,
    online                   boolean      not null default false,
    connectivity_changed_at  timestamptz,
    last_seen_at             timestamptz,
    last_sample_at           timestamptz,
    last_seq                 bigint,
    signals                  jsonb        not null default '{}'::jsonb
);

create table if not exists vehicle_events_v1 (
    vin          varchar(17) collate "C" not null,
    seq          bigint       not null,
    occurred_at  timestamptz  not null,
    received_at  timestamptz  not null,
    type         varchar(64)  not null,
    data         jsonb        not null,
    primary key (vin, seq)
);

create table if not exists alerts_v1 (
    alert_id     uuid         primary key,
    vin          varchar(17) collate "C" not null,
    type         varchar(64)  not null,
    severity     varchar(16)  not null,
    raised_at    timestamptz  not null,
    data         jsonb        not null
);

create index if not exists alerts_v1_vin_time on alerts_v1 (vin, raised_at desc);
create index if not exists alerts_v1_type_time on alerts_v1 (type, raised_at desc);
