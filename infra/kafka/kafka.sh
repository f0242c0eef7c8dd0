#!/usr/bin/env bash
# Runs the local single-node KRaft Kafka broker in the foreground, from the jars that
# `./mvnw package` copies to infra/kafka/target/lib. Storage is formatted on first start
# and kept in $CARILLON_KAFKA_DATA between runs.
#
#   CARILLON_KAFKA_PORT             client port (default 9092)
#   CARILLON_KAFKA_CONTROLLER_PORT  KRaft controller port (default 9093)
#   CARILLON_KAFKA_DATA             data folder (default .carillon/kafka at the repository root)
#   CARILLON_KAFKA_HEAP             broker heap (default 512m)
#   CARILLON_KAFKA_JAVA_OPTS        more JVM options for the broker, e.g. a GC log (default none)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
port=${CARILLON_KAFKA_PORT:-9092}
controller_port=${CARILLON_KAFKA_CONTROLLER_PORT:-9093}
data=${CARILLON_KAFKA_DATA:-$root/.carillon/kafka}
heap=${CARILLON_KAFKA_HEAP:-512m}
java=${JAVA:-java}

lib="$here/target/lib"
if [ ! -d "$lib" ]; then
  echo "kafka.sh: $lib is missing; build it with: ./mvnw -q -pl infra/kafka package" >&2
  exit 1
fi

mkdir -p "$data/log"
config="$data/server.properties"
sed -e "s#@PORT@#$port#g" -e "s#@CONTROLLER_PORT@#$controller_port#g" \
    -e "s#@LISTEN_HOST@#127.0.0.1#g" -e "s#@ADVERTISED_HOST@#127.0.0.1#g" \
    -e "s#@DATA_DIR@#$data/log#g" "$here/broker.properties" > "$config"

logging=(-Dorg.slf4j.simpleLogger.showDateTime=true
         -Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd\'T\'HH:mm:ss.SSS
         -Dorg.slf4j.simpleLogger.defaultLogLevel=info
         -Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients=warn
         -Dorg.slf4j.simpleLogger.log.org.apache.kafka.common.config=warn
         -Dorg.slf4j.simpleLogger.log.kafka.server.metadata=warn)

if [ ! -f "$data/log/meta.properties" ]; then
  cluster_id=$("$java" -cp "$lib/*" "${logging[@]}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
      kafka.tools.StorageTool random-uuid)
  echo "kafka.sh: formatting new storage in $data/log (cluster $cluster_id)"
  "$java" -cp "$lib/*" "${logging[@]}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
      kafka.tools.StorageTool format --config "$config" --cluster-id "$cluster_id"
fi

echo "kafka.sh: broker on 127.0.0.1:$port (controller $controller_port), data in $data"
# The JVM settings Kafka's own scripts give a broker (kafka-server-start.sh, kafka-run-class.sh): the whole heap
# from the start, G1 aiming at 20 ms pauses, marking from 35 % occupancy. With a small initial heap G1 kept the heap
# near 300 MB around the broker's ~175 MB live set and ran a concurrent marking cycle every ~5 s under load, each
# with two pauses and ~170 ms of a core (docs/benchmarks.md, control plane, eleventh session). The G1 options are
# left out when CARILLON_KAFKA_JAVA_OPTS names another collector.
gc=(-XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent)
case "${CARILLON_KAFKA_JAVA_OPTS:-}" in *-XX:+Use*GC*) gc=() ;; esac
# shellcheck disable=SC2086 # CARILLON_KAFKA_JAVA_OPTS holds several options
exec "$java" -Xms"$heap" -Xmx"$heap" "${gc[@]}" ${CARILLON_KAFKA_JAVA_OPTS:-} -cp "$lib/*" "${logging[@]}" kafka.Kafka "$config"
