#!/usr/bin/env bash
# The development password of a simulated car: base64url(HMAC-SHA256(secret, VIN)) without padding, as the
# simulator computes it when car.simulator.mqtt.car-secret is set (CarCredentials).
#
#   security/car-password.sh <secret> <VIN>
set -euo pipefail
if [ $# -ne 2 ]; then
	echo "usage: $0 <secret> <VIN>" >&2
	exit 2
fi
printf '%s' "$2" | openssl dgst -sha256 -hmac "$1" -binary | openssl base64 -A | tr '+/' '-_' | tr -d '='
echo
