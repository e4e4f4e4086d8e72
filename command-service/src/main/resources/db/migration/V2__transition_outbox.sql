-- command_transitions doubles as the outbox for vehicle.commands.v1: a transition is stored in the
-- same transaction as the state change, and TransitionPublisher marks it once Kafka acknowledged it.
alter table command_transitions add column published_at timestamptz;

create index command_transitions_unpublished on command_transitions (id) where published_at is null;
