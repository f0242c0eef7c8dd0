# Shared by the benchmark scripts (control-plane.sh, signaling/signaling-load.sh,
# media/media-load.sh): messages, starting and stopping the processes they run, the Kafka broker.
# The sourcing script declares `declare -A pid=()`, `order=()` and sets `logs`.

say() { printf '[bench] %s\n' "$*"; }
die() { printf '[bench] error: %s\n' "$*" >&2; exit 1; }

terminate() { # names: SIGTERM to the process group, up to 30 s to exit, then SIGKILL
  local name p
  for name in "$@"; do
    p=${pid[$name]:-}; [ -n "$p" ] && kill -TERM -- "-$p" 2>/dev/null || true
  done
  for name in "$@"; do
    p=${pid[$name]:-}; [ -n "$p" ] || continue
    for _ in $(seq 1 60); do kill -0 "$p" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
}

# Each process leads a session (and process group) of its own: Ctrl-C reaches only the script,
# and stopping a process group also stops helpers such as Kafka's storage formatter.
start_bg() { # name, log, command...
  local name=$1 log=$2; shift 2
  setsid "$@" > "$log" 2>&1 < /dev/null &
  pid[$name]=$!
  order+=("$name")
}

alive_or_die() { # name
  kill -0 "${pid[$1]}" 2>/dev/null || { tail -30 "$logs/$1.log" >&2; die "$1 exited; log: $logs/$1.log"; }
}

start_kafka() { # port, controller port, data folder: a fresh single-node broker (infra/kafka/kafka.sh)
  local port=$1 controller=$2 data=$3 begin=$SECONDS
  say "starting Kafka on 127.0.0.1:$port (controller $controller), fresh data in $data"
  start_bg kafka "$logs/kafka.log" env CARILLON_KAFKA_PORT="$port" CARILLON_KAFKA_CONTROLLER_PORT="$controller" \
    CARILLON_KAFKA_DATA="$data" JAVA="$JAVA_HOME/bin/java" infra/kafka/kafka.sh
  until grep -q "Kafka Server started" "$logs/kafka.log" 2>/dev/null; do
    alive_or_die kafka
    [ $((SECONDS - begin)) -lt 120 ] || die "Kafka not started after 120 s; log: $logs/kafka.log"
    sleep 0.5
  done
  say "Kafka ready in $((SECONDS - begin)) s (pid ${pid[kafka]})"
}
