-- A transition Kafka refused for good (a permanent failure of that record) is marked published with the
-- reason, so that it no longer holds up the outbox; the transition itself stays in the command's history.
alter table command_transitions add column publish_failure text;
