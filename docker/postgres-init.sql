-- One database per owning service: the command service's, and the telemetry store's (which
-- analytics reads through its views).
create database car_commands;
