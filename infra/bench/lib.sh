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
# CARILLON_BENCH_PIN places processes on CPUs (taskset -c), e.g. "media-service=1 *=0": media-service
# alone on CPU 1, everything else (other services, Kafka, the load generator) on CPU 0, as if the
# service under test had a machine of its own. A name's own entry wins over "*". Empty: no pinning.
pin_of() { # name: prints its CPU list, or nothing
  local entry cpus="" entries=()
  read -ra entries <<< "${CARILLON_BENCH_PIN:-}"
  for entry in "${entries[@]}"; do
    case $entry in
      "$1="*) cpus=${entry#*=}; break ;;
      "*="*) cpus=${entry#*=} ;;
    esac
  done
  if [ -n "$cpus" ] && ! command -v taskset >/dev/null; then die "CARILLON_BENCH_PIN needs taskset (util-linux)"; fi
  echo "$cpus"
}

pinned() { # name, command...: runs the command in the foreground on the name's CPUs
  local cpus
  cpus=$(pin_of "$1") || exit 1; shift
  if [ -n "$cpus" ]; then taskset -c "$cpus" "$@"; else "$@"; fi
}

start_bg() { # name, log, command...
  local name=$1 log=$2 cpus pin=(); shift 2
  cpus=$(pin_of "$name") || exit 1
  # taskset execs the command, so $! stays the command's own process (its CPU is read from /proc)
  [ -z "$cpus" ] || pin=(taskset -c "$cpus")
  setsid "${pin[@]}" "$@" > "$log" 2>&1 < /dev/null &
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
