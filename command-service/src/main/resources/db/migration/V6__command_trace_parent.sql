-- The W3C trace context of the request that created a command (its traceparent), so that publishing it and
-- the car's answers join the request's trace; null when the request was not traced.
alter table command_deliveries add column trace_parent varchar(55);
