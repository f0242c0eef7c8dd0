#!/bin/bash
# Starts the single-node KRaft broker (combined broker + controller) of the Kafka image, in the
# foreground. Same configuration template as infra/kafka/kafka.sh (broker.properties); storage is
# formatted on the first start and kept in /var/lib/kafka (a volume).
#
#   KAFKA_ADVERTISED_HOST    name clients inside the network use (default: the container's host name;
#                            compose sets `kafka`, the service name)
#   KAFKA_PORT               client port (9092)     KAFKA_CONTROLLER_PORT  controller port (9093, loopback)
#   KAFKA_EXTERNAL_LISTENER  host:port of an extra listener for clients outside the network, e.g.
#                            127.0.0.1:19092 with that port published (empty: none)
#   KAFKA_HEAP               broker heap (512m)     KAFKA_CLUSTER_ID  cluster id of a new storage (random)
set -euo pipefail
port=${KAFKA_PORT:-9092}
controller_port=${KAFKA_CONTROLLER_PORT:-9093}
advertised=${KAFKA_ADVERTISED_HOST:-$(hostname)}
heap=${KAFKA_HEAP:-512m}
data=/var/lib/kafka
lib=/opt/kafka/lib
config=/tmp/server.properties

sed -e "s#@PORT@#$port#g" -e "s#@CONTROLLER_PORT@#$controller_port#g" \
    -e "s#@LISTEN_HOST@#0.0.0.0#g" -e "s#@ADVERTISED_HOST@#$advertised#g" \
    -e "s#@DATA_DIR@#$data/log#g" /opt/kafka/broker.properties > "$config"
if [ -n "${KAFKA_EXTERNAL_LISTENER:-}" ]; then
  # Later keys win in a properties file.
  cat >> "$config" <<PROPS

# KAFKA_EXTERNAL_LISTENER
listeners=PLAINTEXT://0.0.0.0:$port,CONTROLLER://127.0.0.1:$controller_port,EXTERNAL://0.0.0.0:${KAFKA_EXTERNAL_LISTENER##*:}
advertised.listeners=PLAINTEXT://$advertised:$port,EXTERNAL://$KAFKA_EXTERNAL_LISTENER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,EXTERNAL:PLAINTEXT
PROPS
fi

logging=(-Dorg.slf4j.simpleLogger.showDateTime=true
         -Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd\'T\'HH:mm:ss.SSS
         -Dorg.slf4j.simpleLogger.defaultLogLevel=info
         -Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients=warn
         -Dorg.slf4j.simpleLogger.log.org.apache.kafka.common.config=warn
         -Dorg.slf4j.simpleLogger.log.kafka.server.metadata=warn)

mkdir -p "$data/log"
if [ ! -f "$data/log/meta.properties" ]; then
  cluster_id=${KAFKA_CLUSTER_ID:-$(java -cp "$lib/*" "${logging[@]}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
      kafka.tools.StorageTool random-uuid)}
  echo "kafka-start: formatting new storage in $data/log (cluster $cluster_id)"
  java -cp "$lib/*" "${logging[@]}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
      kafka.tools.StorageTool format --config "$config" --cluster-id "$cluster_id"
fi

echo "kafka-start: broker on 0.0.0.0:$port advertised as $advertised:$port${KAFKA_EXTERNAL_LISTENER:+ and $KAFKA_EXTERNAL_LISTENER}, data in $data"
# Kafka's own broker JVM settings (kafka-server-start.sh, kafka-run-class.sh); infra/kafka/kafka.sh says why.
exec java -Xms"$heap" -Xmx"$heap" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
  -XX:+ExplicitGCInvokesConcurrent -XX:+ExitOnOutOfMemoryError -cp "$lib/*" "${logging[@]}" \
  ${KAFKA_JAVA_OPTS:-} kafka.Kafka "$config"
