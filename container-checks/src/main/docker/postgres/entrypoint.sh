#!/bin/bash
set -euo pipefail
data=${PGDATA:-/var/lib/postgresql/data}
user=${POSTGRES_USER:-postgres}
database=${POSTGRES_DB:-$user}
as_postgres() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }
mkdir -p "$data" /var/run/postgresql
chown -R postgres:postgres "$data" /var/run/postgresql
chmod 700 "$data"
if [ ! -s "$data/PG_VERSION" ]; then
	if [ -z "${POSTGRES_PASSWORD:-}" ]; then
		echo "POSTGRES_PASSWORD is required" >&2
		exit 1
	fi
	printf '%s\n' "$POSTGRES_PASSWORD" > /tmp/pwfile
	chown postgres /tmp/pwfile
	as_postgres initdb -D "$data" -U "$user" --pwfile=/tmp/pwfile --auth-local=trust --auth-host=scram-sha-256 >/dev/null
	rm /tmp/pwfile
	echo "host all all all scram-sha-256" >> "$data/pg_hba.conf"
	as_postgres pg_ctl -D "$data" -o "-c listen_addresses=''" -w start >/dev/null
	if [ "$database" != "postgres" ]; then
		as_postgres psql -v ON_ERROR_STOP=1 -U "$user" -d postgres -c "create database \"$database\""
	fi
	for script in /docker-entrypoint-initdb.d/*.sql; do
		[ -f "$script" ] || continue
		echo "running $script"
		as_postgres psql -v ON_ERROR_STOP=1 -U "$user" -d "$database" -f "$script"
	done
	as_postgres pg_ctl -D "$data" -m fast -w stop >/dev/null
fi
exec setpriv --reuid=postgres --regid=postgres --init-groups postgres -D "$data" -c listen_addresses='*'
