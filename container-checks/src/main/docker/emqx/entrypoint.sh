#!/bin/bash
# Mosquitto configured as docker-compose.yml configures EMQX: the users of the mounted bootstrap file
# (user_id,password,is_superuser) with their passwords, the topic rights of security/mosquitto/acl,
# nothing else allowed. Without a users file (the Helm demo's broker) clients are anonymous, as there.
set -euo pipefail
users=/opt/emqx/etc/platform-users.csv
conf=/tmp/mosquitto.conf
# EMQX's session queue length and packet size settings, with EMQX's defaults (1,000; 1MB)
bytes() {
	local size=${1^^}
	case "$size" in
	*KB) echo $((${size%KB} * 1024)) ;;
	*MB) echo $((${size%MB} * 1024 * 1024)) ;;
	*) echo "$size" ;;
	esac
}
queue=${EMQX_MQTT__MAX_MQUEUE_LEN:-1000}
packet=$(bytes "${EMQX_MQTT__MAX_PACKET_SIZE:-1MB}")
cat > "$conf" <<CONF
per_listener_settings false
listener 1883 0.0.0.0
protocol mqtt
persistence true
persistence_location /var/lib/mosquitto/
autosave_interval 10
max_queued_messages $queue
max_inflight_messages 100
max_packet_size $packet
log_dest stdout
log_type error
log_type warning
log_type notice
CONF
if [ -f "$users" ]; then
	tail -n +2 "$users" | awk -F, 'NF >= 2 { print $1 ":" $2 }' > /tmp/passwords
	mosquitto_passwd -U /tmp/passwords
	chown mosquitto /tmp/passwords
	chmod 600 /tmp/passwords
	{
		echo "allow_anonymous false"
		echo "password_file /tmp/passwords"
		echo "acl_file /etc/mosquitto/platform-acl"
	} >> "$conf"
	echo "Mosquitto stand-in for EMQX: $(wc -l < /tmp/passwords) users, topic rights of security/mosquitto/acl, queue $queue, packets up to $packet bytes"
else
	echo "allow_anonymous true" >> "$conf"
	echo "Mosquitto stand-in for EMQX: anonymous clients (no users file at $users)"
fi
exec mosquitto -c "$conf"
