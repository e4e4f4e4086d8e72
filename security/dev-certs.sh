#!/usr/bin/env bash
# Development certificates for the TLS listeners (MQTT 8883): a CA, and a broker certificate signed by it
# for localhost, 127.0.0.1 and the given host names. Never for production: use your PKI there.
#
#   security/dev-certs.sh <directory> [host name...]        e.g. security/dev-certs.sh certs emqx mosquitto
set -euo pipefail
if [ $# -lt 1 ]; then
	echo "usage: $0 <directory> [host name...]" >&2
	exit 2
fi
dir=$1
shift
mkdir -p "$dir"
cd "$dir"
names="DNS:localhost,IP:127.0.0.1"
for host in "$@"; do
	names="$names,DNS:$host"
done
openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=connected-car development CA" \
	-keyout ca.key -out ca.crt -addext "basicConstraints=critical,CA:TRUE" \
	-addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=${1:-localhost}" -keyout broker.key -out broker.csr 2>/dev/null
printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n' \
	"$names" > broker.ext
openssl x509 -req -in broker.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 825 -extfile broker.ext \
	-out broker.crt 2>/dev/null
rm -f broker.csr broker.ext ca.srl
chmod 600 ca.key broker.key
echo "CA: $dir/ca.crt  broker: $dir/broker.crt, $dir/broker.key ($names)"
