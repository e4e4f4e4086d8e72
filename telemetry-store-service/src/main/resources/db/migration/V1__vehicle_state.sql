-- Latest known state of each vehicle. One row per VIN; written only by the telemetry store.

create table vehicle_state (
    vin                      varchar(17)  primary key,
    online                   boolean      not null default false,
    -- the car's time of the connectivity change that set "online"; older changes never overwrite newer ones
    connectivity_changed_at  timestamptz,
    -- the newest time we heard from the car, by any message
    last_seen_at             timestamptz,
    -- sample time and seq of the newest telemetry merged into "signals"
    last_sample_at           timestamptz,
    last_seq                 bigint,
    signals                  jsonb        not null default '{}'::jsonb
);
