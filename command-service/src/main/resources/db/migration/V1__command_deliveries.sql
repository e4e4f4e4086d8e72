-- Commands for cars and every transition they went through.
-- The service is the only writer; nothing else reads these tables directly.

create table command_deliveries (
    id               uuid         primary key,
    vin              varchar(17)  not null,
    type             varchar(40)  not null,
    params           jsonb        not null default '{}'::jsonb,
    status           varchar(20)  not null,
    -- after delivery, how long the car has to report an outcome
    timeout_seconds  integer      not null check (timeout_seconds between 5 and 300),
    -- until when delivery is attempted; afterwards the command EXPIRES
    expires_at       timestamptz  not null,
    idempotency_key  varchar(200),
    attempts         integer      not null default 0,
    -- when the scheduler must look at the command next (retry, timeout, expiry); null when terminal
    due_at           timestamptz,
    created_at       timestamptz  not null,
    updated_at       timestamptz  not null,
    -- optimistic locking for JPA
    version          bigint       not null default 0,
    constraint command_deliveries_status_check check (status in
        ('QUEUED', 'SENT', 'DELIVERED', 'SUCCEEDED', 'FAILED', 'REJECTED', 'TIMED_OUT', 'EXPIRED', 'CANCELLED'))
);

-- GET /vehicles/{vin}/commands?status=, newest first; and delivering a car's queue in creation order
create index command_deliveries_vin_created on command_deliveries (vin, created_at);
create index command_deliveries_vin_status on command_deliveries (vin, status);

-- the scheduler's work list: only non-terminal commands carry a due time
create index command_deliveries_due on command_deliveries (due_at) where due_at is not null;

-- the same Idempotency-Key for the same car returns the same command
create unique index command_deliveries_idempotency on command_deliveries (vin, idempotency_key)
    where idempotency_key is not null;

create table command_transitions (
    id               bigint       generated always as identity primary key,
    command_id       uuid         not null references command_deliveries (id) on delete cascade,
    from_status      varchar(20),
    to_status        varchar(20)  not null,
    occurred_at      timestamptz  not null,
    reason           varchar(500)
);

create index command_transitions_command on command_transitions (command_id, id);
