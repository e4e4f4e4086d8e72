#!/usr/bin/env bash
# Adds (or changes) a client of the secured Mosquitto: a car (user name = its VIN) or a platform service
# (ingest, command). Prints a random password when none is given. Reload Mosquitto afterwards
# (kill -HUP, or systemctl reload mosquitto).
#
#   security/mosquitto/add-client.sh /etc/mosquitto/passwords WBA12345678901234 [password]
set -euo pipefail
if [ $# -lt 2 ]; then
	echo "usage: $0 <password file> <VIN or service name> [password]" >&2
	exit 2
fi
file=$1
user=$2
password=${3:-$(openssl rand -base64 24)}
if [ ! -f "$file" ]; then
	install -m 600 /dev/null "$file"
fi
mosquitto_passwd -b "$file" "$user" "$password"
if [ $# -lt 3 ]; then
	echo "$user $password"
fi
