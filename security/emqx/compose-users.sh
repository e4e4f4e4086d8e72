#!/usr/bin/env bash
# Writes the EMQX user bootstrap file docker-compose.yml mounts: the ingest and command services with their
# passwords, and simulated cars <prefix>000000001 … <prefix><count>, each with its development password
# derived from the car secret (../car-password.sh), matching a simulator started with
# car.simulator.mqtt.car-secret=<secret>. EMQX reads the file when its user database is empty (first
# start; `docker compose down -v` to start over).
#
#   security/emqx/compose-users.sh <car secret> <VIN prefix> <count> <ingest password> <command password> > security/emqx/users.csv
set -euo pipefail
if [ $# -ne 5 ]; then
	echo "usage: $0 <car secret> <VIN prefix (8 characters)> <count> <ingest password> <command password>" >&2
	exit 2
fi
here=$(dirname "$0")
echo "user_id,password,is_superuser"
echo "ingest,$4,false"
echo "command,$5,false"
for ((index = 1; index <= $3; index++)); do
	vin=$(printf '%s%09d' "$2" "$index")
	echo "$vin,$("$here/../car-password.sh" "$1" "$vin"),false"
done
