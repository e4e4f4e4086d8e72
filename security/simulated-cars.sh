#!/usr/bin/env bash
# Registers simulated cars with a Mosquitto password file: VINs <prefix>000000001 … <prefix><count>, each with
# its development password derived from the secret (car-password.sh), matching a simulator started with
# car.simulator.mqtt.car-secret=<secret> and car.simulator.vin-prefix=<prefix>.
#
#   security/simulated-cars.sh /etc/mosquitto/passwords <secret> SMCAR000 50
set -euo pipefail
if [ $# -ne 4 ]; then
	echo "usage: $0 <password file> <secret> <VIN prefix (8 characters)> <count>" >&2
	exit 2
fi
here=$(dirname "$0")
for ((index = 1; index <= $4; index++)); do
	vin=$(printf '%s%09d' "$3" "$index")
	"$here/mosquitto/add-client.sh" "$1" "$vin" "$("$here/car-password.sh" "$2" "$vin")"
done
