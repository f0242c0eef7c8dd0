#!/usr/bin/env bash
# Control-plane load benchmark: CreateMeeting, CreateAttendee and GetAttendee against a real
# single-node Kafka broker, token-service and meeting-service, all started here from their built
# jars on ports of their own, with fresh Kafka storage in a temporary folder.
#
#   infra/bench/control-plane.sh [load generator options]
#
# Options go to ControlPlaneLoad.java (see its header), e.g. --concurrency 1,8,32,64 --duration 20
# --warmup 60 --meetings 100. Writes the figures (Markdown) to the run folder and prints them.
# Takes about 7 minutes with the defaults. Stops everything it started when it ends, also on
# Ctrl-C or error. Run one benchmark at a time: the machine has 2 cores.
#
# Environment:
#   CARILLON_BENCH_KAFKA_PORT (19092), CARILLON_BENCH_KAFKA_CONTROLLER_PORT (19093),
#   CARILLON_BENCH_TOKEN_PORT (18082), CARILLON_BENCH_MEETING_PORT (18080)
#   CARILLON_BENCH_TOKEN_OPTS, CARILLON_BENCH_MEETING_OPTS  more JVM options / settings for the services,
#                             e.g. -Dkafka.linger.ms=5 or -XX:StartFlightRecording=filename=m.jfr
#   CARILLON_BENCH_DIR        run folder: logs, results, Kafka data (default: a new folder in $TMPDIR)
#   CARILLON_BENCH_BUILD      auto (build if a jar is missing or older than its sources), missing, never
#   CARILLON_BENCH_IDLE_WAIT  seconds to wait for other processes to leave the CPUs (300); 0 = don't wait
#   CARILLON_BENCH_KEEP_DATA  1 keeps the Kafka data folder after the run
#   CARILLON_BENCH_PIN        CPU placement (taskset -c) per process, e.g. "media-service=1 *=0" (none)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

# shellcheck source=infra/bench/lib.sh
. "$here/lib.sh"

. infra/local/jdk.sh
carillon_pick_jdk >/dev/null || exit 1
say "JDK $(carillon_java_major "$JAVA_HOME/bin/java") at $JAVA_HOME"
command -v curl >/dev/null || die "curl is needed (health checks)"
clk_tck=$(getconf CLK_TCK) || die "getconf CLK_TCK failed"
cores=$(getconf _NPROCESSORS_ONLN)

kafka_port=${CARILLON_BENCH_KAFKA_PORT:-19092}
controller_port=${CARILLON_BENCH_KAFKA_CONTROLLER_PORT:-19093}
token_port=${CARILLON_BENCH_TOKEN_PORT:-18082}
meeting_port=${CARILLON_BENCH_MEETING_PORT:-18080}

work=${CARILLON_BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/carillon-bench.XXXXXX")}
mkdir -p "$work/logs"
logs="$work/logs"
say "run folder $work"

# --- build what is missing -----------------------------------------------------------------
jar_of() { echo "$1/target/quarkus-app/quarkus-run.jar"; }
needs_build() {
  local s jar
  [ -d infra/kafka/target/lib ] || { echo "infra/kafka/target/lib is missing"; return 0; }
  for s in token-service meeting-service; do
    jar=$(jar_of "$s")
    [ -f "$jar" ] || { echo "$jar is missing"; return 0; }
    if [ "${CARILLON_BENCH_BUILD:-auto}" = auto ] &&
       [ -n "$(find "$s/src/main" services/*/src/main pom.xml "$s/pom.xml" -newer "$jar" -type f -print -quit 2>/dev/null)" ]; then
      echo "$jar is older than its sources"; return 0
    fi
  done
  return 1
}
if [ "${CARILLON_BENCH_BUILD:-auto}" != never ] && why=$(needs_build); then
  say "building ($why): ./mvnw package -DskipTests -pl infra/kafka,token-service,meeting-service -am"
  build_start=$SECONDS
  if ! ./mvnw -q -B -o package -DskipTests -pl infra/kafka,token-service,meeting-service -am > "$logs/build.log" 2>&1; then
    say "offline build failed; trying again with downloads allowed"
    ./mvnw -q -B package -DskipTests -pl infra/kafka,token-service,meeting-service -am >> "$logs/build.log" 2>&1 ||
      { tail -40 "$logs/build.log" >&2; die "build failed; full output in $logs/build.log"; }
  fi
  say "built in $((SECONDS - build_start)) s"
fi
for s in token-service meeting-service; do
  [ -f "$(jar_of "$s")" ] || die "$(jar_of "$s") is missing (CARILLON_BENCH_BUILD=never?)"
done
[ -d infra/kafka/target/lib ] || die "infra/kafka/target/lib is missing"

# --- every port must be free -----------------------------------------------------------------
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in "kafka:$kafka_port:CARILLON_BENCH_KAFKA_PORT" "kafka-controller:$controller_port:CARILLON_BENCH_KAFKA_CONTROLLER_PORT" \
         "token-service:$token_port:CARILLON_BENCH_TOKEN_PORT" "meeting-service:$meeting_port:CARILLON_BENCH_MEETING_PORT"; do
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
idle_wait=${CARILLON_BENCH_IDLE_WAIT:-300}
waited=0
while :; do
  b0=$(machine_busy); sleep 3; b1=$(machine_busy)
  busy_pct=$(( (b1 - b0) * 100 / (3 * clk_tck * cores) ))
  if [ "$busy_pct" -lt 25 ]; then break; fi
  if [ "$waited" -ge "$idle_wait" ]; then
    say "warning: the machine is still ${busy_pct}% busy with other work after ${waited} s; measuring anyway (figures will be low)"
    break
  fi
  say "the machine is ${busy_pct}% busy with other work (load average $(cut -d' ' -f1-3 /proc/loadavg)); waiting..."
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
  if [ ${#order[@]} -gt 0 ]; then
    say "stopping..."
    # Services first (they finish their Kafka writes on shutdown), then the broker.
    terminate meeting-service token-service
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

# The broker as ./carillon starts it (infra/kafka/kafka.sh: Kafka's own G1 settings, the whole heap from the start)
# with a 1 GB heap, Kafka's own default size. Until the eleventh session it ran on ZGC here; with kafka.sh's G1 now
# sized like Kafka's scripts size it, G1 did as well or better (docs/benchmarks.md). CARILLON_KAFKA_JAVA_OPTS adds
# options (a collector named there replaces G1), CARILLON_KAFKA_HEAP sets the size.
export CARILLON_KAFKA_HEAP=${CARILLON_KAFKA_HEAP:-1g}
start_kafka "$kafka_port" "$controller_port" "$work/kafka"

# As ./carillon starts them (same heap and collector: ZGC), on the ports above. The meeting idle timeout is raised so
# that the reaper does not end the benchmark's meetings (and their attendees) half-way.
start=$SECONDS
# shellcheck disable=SC2086 # the *_OPTS are word lists on purpose
start_bg token-service "$logs/token-service.log" "$JAVA_HOME/bin/java" -Xmx1g -XX:+UseZGC -XX:-ZProactive ${CARILLON_BENCH_TOKEN_OPTS:-} \
  -Dquarkus.http.port="$token_port" -Dkafka.bootstrap.servers="127.0.0.1:$kafka_port" \
  -jar "$(jar_of token-service)"
# shellcheck disable=SC2086
start_bg meeting-service "$logs/meeting-service.log" "$JAVA_HOME/bin/java" -Xmx1g -XX:+UseZGC -XX:-ZProactive ${CARILLON_BENCH_MEETING_OPTS:-} \
  -Dquarkus.http.port="$meeting_port" -Dkafka.bootstrap.servers="127.0.0.1:$kafka_port" \
  -Dcarillon.meeting.token-service-url="http://127.0.0.1:$token_port" \
  -Dcarillon.meeting.idle-meeting-timeout=2h \
  -jar "$(jar_of meeting-service)"
for s in token-service meeting-service; do
  port_var=${s%-service}_port
  until curl -fs -o /dev/null "http://127.0.0.1:${!port_var}/q/health/ready"; do
    alive_or_die "$s"
    [ $((SECONDS - start)) -lt 120 ] || die "$s not ready after 120 s; log: $logs/$s.log"
    sleep 0.5
  done
  say "$s ready on http://127.0.0.1:${!port_var} in $((SECONDS - start)) s (pid ${pid[$s]})"
done
for name in kafka token-service meeting-service; do
  [ "$(ticks_of "${pid[$name]}")" -ge 0 ] || die "cannot read /proc/${pid[$name]}/stat of $name"
done

# --- measure --------------------------------------------------------------------------------
declare -A cpu_before=()
for name in kafka token-service meeting-service; do cpu_before[$name]=$(ticks_of "${pid[$name]}"); done
busy_before=$(machine_busy)
run_start=$SECONDS
say "running the load generator (output also in $logs/load.log)"
set +e
pinned load-generator "$JAVA_HOME/bin/java" -Xms256m -Xmx256m -XX:+UseSerialGC "$here/ControlPlaneLoad.java" \
  --endpoint "http://127.0.0.1:$meeting_port" --clk-tck "$clk_tck" \
  --pid "meeting-service=${pid[meeting-service]}" --pid "token-service=${pid[token-service]}" --pid "kafka=${pid[kafka]}" \
  --out "$work/results.md" "$@" 2>&1 | tee "$logs/load.log"
load_status=${PIPESTATUS[0]}
set -e
run_seconds=$((SECONDS - run_start))
busy_after=$(machine_busy)
declare -A cpu_after=()
for name in kafka token-service meeting-service; do cpu_after[$name]=$(ticks_of "${pid[$name]}"); done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
for name in kafka token-service meeting-service; do alive_or_die "$name"; done
[ "$load_status" = 0 ] || die "the load generator failed (exit $load_status); logs in $logs"

# --- summary ------------------------------------------------------------------------------------
seconds() { awk -v t="$1" -v hz="$clk_tck" 'BEGIN { printf "%.1f", t / hz }'; }
echo
echo "=============================== control-plane benchmark ==============================="
echo "machine: $cores cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')), $(awk '/^MemTotal:/ {printf "%.0f", $2 / 1048576}' /proc/meminfo) GiB RAM, $(uname -sr)"
echo "load average (1/5/15 min): before $load_before, after $load_after"
echo "CPU placement: ${CARILLON_BENCH_PIN:-none (every process on every CPU)}"
echo "code: $(git --no-optional-locks -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?') plus $(git --no-optional-locks -C "$root" status --porcelain 2>/dev/null | wc -l) uncommitted changed files; jars built $(date -r "$(jar_of meeting-service)" '+%F %T')"
echo
cat "$work/results.md"
echo
echo "CPU seconds over the whole load-generator run (warm-up, meeting pools and pauses included, $run_seconds s):"
printf '  %-16s %8s\n' process "CPU s"
total=0
for name in meeting-service token-service kafka; do
  d=$(( cpu_after[$name] - cpu_before[$name] ))
  total=$(( total + d ))
  printf '  %-16s %8s\n' "$name" "$(seconds "$d")"
done
printf '  %-16s %8s\n' "all three" "$(seconds "$total")"
printf '  %-16s %8s   (includes the load generator and anything else running)\n' "machine busy" \
  "$(seconds $((busy_after - busy_before)))"
echo
echo "figures: $work/results.md   logs: $logs"
