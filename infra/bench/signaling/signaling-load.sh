#!/usr/bin/env bash
# Signaling load benchmark: 2,000 WebSocket sessions in 80 meetings on ONE signaling-service, and
# the latency of data messages fanned out through Kafka, against a real single-node Kafka broker,
# token-service and meeting-service. Everything is started here from the built jars on ports of
# its own, with fresh Kafka storage in a temporary folder, and stopped again on exit.
#
#   infra/bench/signaling/signaling-load.sh [load generator options]
#
# Options go to SignalingLoad.java (see its header), e.g. --meetings 80 --attendees 25
# --rates 500,1000,2000 --duration 30. Writes the figures (Markdown) to the run folder and prints them.
# Takes about 5 minutes with the defaults, plus the wait for a quiet machine. Run one benchmark at a
# time: the machine has 2 cores. (Same structure as infra/bench/control-plane.sh.)
#
# Environment:
#   CARILLON_BENCH_KAFKA_PORT (19192), CARILLON_BENCH_KAFKA_CONTROLLER_PORT (19193),
#   CARILLON_BENCH_TOKEN_PORT (18282), CARILLON_BENCH_MEETING_PORT (18280),
#   CARILLON_BENCH_SIGNALING_PORT (18281)
#   CARILLON_BENCH_SIGNALING_HEAP  heap of signaling-service (512m; ./carillon uses 256m)
#   CARILLON_BENCH_DIR        run folder: logs, results, Kafka data (default: a new folder in $TMPDIR)
#   CARILLON_BENCH_BUILD      auto (build if a jar is missing or older than its sources), missing, never
#   CARILLON_BENCH_IDLE_WAIT  seconds to wait for a quiet machine before starting (600); 0 = don't wait
#   CARILLON_BENCH_MAX_LOAD   quiet = 1-minute load average below this (1.5) and other processes
#                             below 25% of the CPUs
#   CARILLON_BENCH_KEEP_DATA  1 keeps the Kafka data folder after the run
#   CARILLON_BENCH_PIN        CPU placement (taskset -c) per process, e.g. "media-service=1 *=0" (none)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
cd "$root"

# shellcheck source=infra/bench/lib.sh
. "$here/../lib.sh"

. infra/local/jdk.sh
carillon_pick_jdk >/dev/null || exit 1
say "JDK $(carillon_java_major "$JAVA_HOME/bin/java") at $JAVA_HOME"
command -v curl >/dev/null || die "curl is needed (health checks)"
clk_tck=$(getconf CLK_TCK) || die "getconf CLK_TCK failed"
cores=$(getconf _NPROCESSORS_ONLN)

kafka_port=${CARILLON_BENCH_KAFKA_PORT:-19192}
controller_port=${CARILLON_BENCH_KAFKA_CONTROLLER_PORT:-19193}
token_port=${CARILLON_BENCH_TOKEN_PORT:-18282}
meeting_port=${CARILLON_BENCH_MEETING_PORT:-18280}
signaling_port=${CARILLON_BENCH_SIGNALING_PORT:-18281}
signaling_heap=${CARILLON_BENCH_SIGNALING_HEAP:-512m}
max_load=${CARILLON_BENCH_MAX_LOAD:-1.5}

# 2,000 sockets on each side, plus the JVMs' own files.
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 8192 ]; then
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  [ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -ge 4500 ] || die "open files limit $(ulimit -n) is too low for 2,000 sessions"
fi

work=${CARILLON_BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/carillon-sigbench.XXXXXX")}
mkdir -p "$work/logs"
logs="$work/logs"
say "run folder $work"

# --- build what is missing -----------------------------------------------------------------
services=(token-service meeting-service signaling-service)
modules=infra/kafka,token-service,meeting-service,signaling-service
jar_of() { echo "$1/target/quarkus-app/quarkus-run.jar"; }
protocol_jar=services/signaling-protocol/target/carillon-signaling-protocol-0.1.0-SNAPSHOT.jar
needs_build() {
  local s jar
  [ -d infra/kafka/target/lib ] || { echo "infra/kafka/target/lib is missing"; return 0; }
  [ -f "$protocol_jar" ] || { echo "$protocol_jar is missing"; return 0; }
  for s in "${services[@]}"; do
    jar=$(jar_of "$s")
    [ -f "$jar" ] || { echo "$jar is missing"; return 0; }
    if [ "${CARILLON_BENCH_BUILD:-auto}" = auto ] &&
       [ -n "$(find "$s/src/main" services/*/src/main pom.xml "$s/pom.xml" services/*/pom.xml -newer "$jar" -type f -print -quit 2>/dev/null)" ]; then
      echo "$jar is older than its sources"; return 0
    fi
  done
  return 1
}
if [ "${CARILLON_BENCH_BUILD:-auto}" != never ] && why=$(needs_build); then
  say "building ($why): ./mvnw package -DskipTests -pl $modules -am"
  build_start=$SECONDS
  if ! ./mvnw -q -B -o package -DskipTests -pl "$modules" -am > "$logs/build.log" 2>&1; then
    say "offline build failed; trying again with downloads allowed"
    ./mvnw -q -B package -DskipTests -pl "$modules" -am >> "$logs/build.log" 2>&1 ||
      { tail -40 "$logs/build.log" >&2; die "build failed; full output in $logs/build.log"; }
  fi
  say "built in $((SECONDS - build_start)) s"
fi
for s in "${services[@]}"; do
  [ -f "$(jar_of "$s")" ] || die "$(jar_of "$s") is missing (CARILLON_BENCH_BUILD=never?)"
done
[ -d infra/kafka/target/lib ] || die "infra/kafka/target/lib is missing"
[ -f "$protocol_jar" ] || die "$protocol_jar is missing"

# The load generator's classpath: the protocol jar and protobuf-java (from Maven, else the copy
# in signaling-service's Quarkus app).
protobuf_jar=
if ./mvnw -q -B -o dependency:build-classpath -pl services/signaling-protocol \
     -Dmdep.outputFile="$work/protocol-classpath.txt" > "$logs/classpath.log" 2>&1; then
  protobuf_jar=$(tr ':' '\n' < "$work/protocol-classpath.txt" | grep -m1 '/protobuf-java-[0-9][^/]*\.jar$' || true)
fi
if [ -z "$protobuf_jar" ] || [ ! -f "$protobuf_jar" ]; then
  protobuf_jar=$(ls signaling-service/target/quarkus-app/lib/main/com.google.protobuf.protobuf-java-*.jar 2>/dev/null | head -1 || true)
fi
[ -n "$protobuf_jar" ] && [ -f "$protobuf_jar" ] || die "protobuf-java jar not found (see $logs/classpath.log)"
# The Vert.x WebSocket client (--client vertx, the default): vertx-core, Netty and jackson-core, the
# versions signaling-service itself runs, from its Quarkus app.
app_lib="$root/signaling-service/target/quarkus-app/lib/main"
vertx_cp=$(ls "$app_lib"/io.vertx.vertx-core-*.jar "$app_lib"/com.fasterxml.jackson.core.jackson-core-*.jar \
  "$app_lib"/io.netty.netty-{buffer,codec,codec-dns,codec-http,codec-http2,codec-socks,common,handler,handler-proxy,resolver,resolver-dns,transport,transport-native-unix-common}-4*.jar \
  2>/dev/null | tr '\n' ':')
[ -n "$vertx_cp" ] || die "vertx-core and Netty not found in $app_lib (build signaling-service)"
load_cp="$root/$protocol_jar:$protobuf_jar:${vertx_cp%:}"
say "load generator classpath: $load_cp"

# --- every port must be free -----------------------------------------------------------------
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in "kafka:$kafka_port:CARILLON_BENCH_KAFKA_PORT" "kafka-controller:$controller_port:CARILLON_BENCH_KAFKA_CONTROLLER_PORT" \
         "token-service:$token_port:CARILLON_BENCH_TOKEN_PORT" "meeting-service:$meeting_port:CARILLON_BENCH_MEETING_PORT" \
         "signaling-service:$signaling_port:CARILLON_BENCH_SIGNALING_PORT"; do
  IFS=: read -r name number var <<<"$p"
  if port_in_use "$number"; then die "port $number ($name) is in use; move it with $var=<port>"; fi
done

# --- CPU time from /proc -----------------------------------------------------------------------
ticks_of() { # utime+stime of a process, in clock ticks
  local stat rest
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || { echo -1; return; }
  rest=${stat##*) }
  # shellcheck disable=SC2086 # split into fields on purpose
  set -- $rest
  echo $(( ${12} + ${13} ))
}
machine_busy() { # busy clock ticks of all CPUs: user nice system irq softirq steal
  local _cpu user nice system idle iowait irq softirq steal _rest
  read -r _cpu user nice system idle iowait irq softirq steal _rest < /proc/stat
  echo $(( user + nice + system + irq + softirq + steal ))
}

# --- wait until the machine is quiet (it is shared) --------------------------------------------
idle_wait=${CARILLON_BENCH_IDLE_WAIT:-600}
waited=0
while :; do
  b0=$(machine_busy); sleep 3; b1=$(machine_busy)
  busy_pct=$(( (b1 - b0) * 100 / (3 * clk_tck * cores) ))
  load1=$(cut -d' ' -f1 /proc/loadavg)
  if [ "$busy_pct" -lt 25 ] && awk -v l="$load1" -v m="$max_load" 'BEGIN { exit !(l < m) }'; then break; fi
  if [ "$waited" -ge "$idle_wait" ]; then
    say "warning: the machine is still ${busy_pct}% busy (load average $load1) after ${waited} s; measuring anyway (figures will be low)"
    break
  fi
  say "the machine is ${busy_pct}% busy with other work (load average $(cut -d' ' -f1-3 /proc/loadavg), want < $max_load); waiting..."
  sleep 12; waited=$((waited + 15))
done
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
say "load average before start: $load_before"

# --- start, and stop everything on exit ---------------------------------------------------------
declare -A pid=()
order=()
stopping=0
stop_all() {
  [ "$stopping" = 1 ] && return
  stopping=1
  # a second signal (timeout, Ctrl-C twice) must not leave the services running half-stopped
  trap '' INT TERM
  if [ -n "${tail_pid:-}" ]; then kill "$tail_pid" 2>/dev/null || true; fi
  if [ ${#order[@]} -gt 0 ]; then
    say "stopping..."
    # The load generator first, then the services (they finish their Kafka writes on shutdown), then the broker.
    terminate load-generator
    terminate signaling-service meeting-service token-service
    terminate kafka
  fi
  if [ "${CARILLON_BENCH_KEEP_DATA:-0}" != 1 ] && [ -d "$work/kafka" ]; then
    rm -rf "$work/kafka"
  fi
  [ ${#order[@]} -gt 0 ] && say "stopped; logs in $logs"
  return 0
}
trap 'stop_all; exit 130' INT TERM
trap stop_all EXIT

start_kafka "$kafka_port" "$controller_port" "$work/kafka"

# As ./carillon starts them, on the ports above; signaling-service gets a bigger heap for 2,000
# sessions. The meeting idle timeout is raised so that the reaper does not end the benchmark's
# meetings half-way; meeting-service hands out this signaling-service as the SignalingUrl.
start=$SECONDS
start_bg token-service "$logs/token-service.log" "$JAVA_HOME/bin/java" -Xmx256m \
  -Dquarkus.http.port="$token_port" -Dkafka.bootstrap.servers="127.0.0.1:$kafka_port" \
  -jar "$(jar_of token-service)"
start_bg meeting-service "$logs/meeting-service.log" "$JAVA_HOME/bin/java" -Xmx256m \
  -Dquarkus.http.port="$meeting_port" -Dkafka.bootstrap.servers="127.0.0.1:$kafka_port" \
  -Dcarillon.meeting.token-service-url="http://127.0.0.1:$token_port" \
  -Dcarillon.meeting.idle-meeting-timeout=2h \
  "-Dcarillon.meeting.regions.\"us-east-1\".signaling-url=ws://127.0.0.1:$signaling_port" \
  -jar "$(jar_of meeting-service)"
start_bg signaling-service "$logs/signaling-service.log" "$JAVA_HOME/bin/java" -Xmx"$signaling_heap" \
  -Dquarkus.http.port="$signaling_port" -Dkafka.bootstrap.servers="127.0.0.1:$kafka_port" \
  -Dcarillon.signaling.token-service-url="http://127.0.0.1:$token_port" \
  -jar "$(jar_of signaling-service)"
for s in "${services[@]}"; do
  port_var=${s%-service}_port
  until curl -fs -o /dev/null "http://127.0.0.1:${!port_var}/q/health/ready"; do
    alive_or_die "$s"
    [ $((SECONDS - start)) -lt 120 ] || die "$s not ready after 120 s; log: $logs/$s.log"
    sleep 0.5
  done
  say "$s ready on http://127.0.0.1:${!port_var} in $((SECONDS - start)) s (pid ${pid[$s]})"
done
for name in kafka "${services[@]}"; do
  [ "$(ticks_of "${pid[$name]}")" -ge 0 ] || die "cannot read /proc/${pid[$name]}/stat of $name"
done

# --- measure --------------------------------------------------------------------------------
declare -A cpu_before=()
for name in kafka "${services[@]}"; do cpu_before[$name]=$(ticks_of "${pid[$name]}"); done
busy_before=$(machine_busy)
run_start=$SECONDS
say "running the load generator (output also in $logs/load.log)"
# In its own process group too, so that stop_all can end it if this script is interrupted.
start_bg load-generator "$logs/load.log" "$JAVA_HOME/bin/java" -Xms1g -Xmx1g -cp "$load_cp" "$here/SignalingLoad.java" \
  --endpoint "http://127.0.0.1:$meeting_port" --clk-tck "$clk_tck" \
  --pid "signaling-service=${pid[signaling-service]}" --pid "kafka=${pid[kafka]}" \
  --pid "token-service=${pid[token-service]}" --pid "meeting-service=${pid[meeting-service]}" \
  --rss-pid signaling-service --out "$work/results.md" "$@"
tail -n +1 -f "$logs/load.log" --pid="${pid[load-generator]}" &
tail_pid=$!
set +e
wait "${pid[load-generator]}"
load_status=$?
set -e
wait "$tail_pid" 2>/dev/null || true
unset 'pid[load-generator]'
run_seconds=$((SECONDS - run_start))
busy_after=$(machine_busy)
declare -A cpu_after=()
for name in kafka "${services[@]}"; do cpu_after[$name]=$(ticks_of "${pid[$name]}"); done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
for name in kafka "${services[@]}"; do alive_or_die "$name"; done
[ "$load_status" = 0 ] || die "the load generator failed (exit $load_status); logs in $logs"

# --- summary ------------------------------------------------------------------------------------
seconds() { awk -v t="$1" -v hz="$clk_tck" 'BEGIN { printf "%.1f", t / hz }'; }
echo
echo "=============================== signaling benchmark ==============================="
echo "machine: $cores cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')), $(awk '/^MemTotal:/ {printf "%.0f", $2 / 1048576}' /proc/meminfo) GiB RAM, $(uname -sr)"
echo "load average (1/5/15 min): before $load_before, after $load_after"
echo "CPU placement: ${CARILLON_BENCH_PIN:-none (every process on every CPU)}"
echo "code: $(git --no-optional-locks -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?') plus $(git --no-optional-locks -C "$root" status --porcelain 2>/dev/null | wc -l) uncommitted changed files; signaling-service jar built $(date -r "$(jar_of signaling-service)" '+%F %T')"
echo "signaling-service heap -Xmx$signaling_heap; token-service and meeting-service -Xmx256m; Kafka kafka.sh defaults"
echo
cat "$work/results.md"
echo
echo "CPU seconds over the whole load-generator run (tokens, joins, warm-up and pauses included, $run_seconds s):"
printf '  %-18s %8s\n' process "CPU s"
total=0
for name in signaling-service kafka token-service meeting-service; do
  d=$(( cpu_after[$name] - cpu_before[$name] ))
  total=$(( total + d ))
  printf '  %-18s %8s\n' "$name" "$(seconds "$d")"
done
printf '  %-18s %8s\n' "all four" "$(seconds "$total")"
printf '  %-18s %8s   (includes the load generator and anything else running)\n' "machine busy" \
  "$(seconds $((busy_after - busy_before)))"
echo
echo "figures: $work/results.md   logs: $logs"
