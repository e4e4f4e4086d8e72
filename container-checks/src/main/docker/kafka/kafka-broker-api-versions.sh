#!/bin/bash
# Kafka's own tool, as in the official image (the healthcheck of docker-compose.yml and the chart's demo)
exec java -Xmx64m -XX:TieredStopAtLevel=1 -Dlog4j2.configurationFile=/opt/kafka/bin/log4j2.properties \
	-cp "/opt/kafka/libs/*" org.apache.kafka.tools.BrokerApiVersionsCommand "$@"
