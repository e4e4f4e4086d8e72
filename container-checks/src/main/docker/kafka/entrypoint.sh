#!/bin/bash
# KAFKA_* environment variables become server.properties as in the official apache/kafka image
# (KAFKA_NODE_ID -> node.id; "__" stands for "_" and "___" for "-"), the log directory is formatted once
# with CLUSTER_ID, then the broker runs in the foreground.
set -euo pipefail
conf=/tmp/server.properties
: > "$conf"
echo "log.dirs=${KAFKA_LOG_DIRS:-/var/lib/kafka/data}" >> "$conf"
while IFS='=' read -r name value; do
	case "$name" in
	KAFKA_LOG_DIRS | KAFKA_HEAP_OPTS | KAFKA_OPTS) ;;
	KAFKA_*)
		key=${name#KAFKA_}
		key=$(printf '%s' "$key" | sed -e 's/___/-/g' -e 's/__/@/g' -e 's/_/./g' -e 's/@/_/g' | tr '[:upper:]' '[:lower:]')
		echo "$key=$value" >> "$conf"
		;;
	esac
done < <(env)
classpath="/opt/kafka/libs/*"
logging="-Dlog4j2.configurationFile=/opt/kafka/bin/log4j2.properties"
java $logging -cp "$classpath" kafka.tools.StorageTool format --ignore-formatted \
	--cluster-id "${CLUSTER_ID:-5L6g3nShT-eMCtK--X86sw}" --config "$conf"
exec java ${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m} $logging ${KAFKA_OPTS:-} -cp "$classpath" kafka.Kafka "$conf"
