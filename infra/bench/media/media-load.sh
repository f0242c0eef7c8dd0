#!/usr/bin/env bash
# Media load benchmark: meetings of Java Chime clients (ICE, DTLS-SRTP, one Opus frame per 20 ms each)
# against ONE media-service, joined through the real path (meeting-service, token-service,
# signaling-service, Kafka). Everything is started here from the built jars on ports of its own,
# with fresh Kafka storage in a temporary folder, and stopped again on exit, Ctrl-C or error.
#
#   infra/bench/media/media-load.sh [load generator options]
#
# Options go to the generator (io.carillon.bench.media.MediaLoad; `--help` lists them), e.g.
#   --meetings 40 --attendees 25 --speakers 3 --ramp 20 --duration 60 --loops 2
# The headline is media-service's CPU over the steady window only (utime+stime from /proc, JIT
# compiler threads apart) per attendee-second, and the attendees per core that implies. The figures
# (Markdown) are printed and written to infra/bench/media/target/media-load-<time>.md. Run one
# benchmark at a time: the machine has 2 cores. Same structure as infra/bench/signaling/signaling-load.sh.
#
# Environment:
#   CARILLON_BENCH_KAFKA_PORT (19392), CARILLON_BENCH_KAFKA_CONTROLLER_PORT (19393),
#   CARILLON_BENCH_TOKEN_PORT (18382), CARILLON_BENCH_MEETING_PORT (18380),
#   CARILLON_BENCH_SIGNALING_PORT (18381), CARILLON_BENCH_MEDIA_PORT (18383, HTTP: health, metrics),
#   CARILLON_BENCH_MEDIA_UDP_PORT (15004, media)
#   CARILLON_BENCH_MEDIA_HEAP      heap of media-service (256m, as ./carillon)
#   CARILLON_BENCH_SIGNALING_HEAP  heap of signaling-service (512m)
#   CARILLON_BENCH_MEDIA_OPTS      more JVM options / settings for media-service, e.g.
#                                  "-Dcarillon.media.opus-complexity=5 -Dcarillon.media.max-mixed-speakers=2"
#                                  (the serial collector, as ./carillon, unless these pick another: -XX:+UseG1GC)
#   CARILLON_BENCH_LOAD_HEAP       heap of the generator (1g)
#   CARILLON_BENCH_LOAD_OPTS       more JVM options for the generator, e.g. "-Xlog:gc:file=/tmp/gen-gc.log"
#   CARILLON_BENCH_DIR        run folder: logs, Kafka data (default: a new folder in $TMPDIR)
#   CARILLON_BENCH_BUILD      missing (default: build only what is missing; warn when a jar is older than
#                             its sources), auto (also rebuild stale jars), never
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

for arg in "$@"; do
  case $arg in -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;; esac
done

. infra/local/jdk.sh
carillon_pick_jdk >/dev/null || exit 1
say "JDK $(carillon_java_major "$JAVA_HOME/bin/java") at $JAVA_HOME"
command -v curl >/dev/null || die "curl is needed (health checks)"
clk_tck=$(getconf CLK_TCK) || die "getconf CLK_TCK failed"
cores=$(getconf _NPROCESSORS_ONLN)

kafka_port=${CARILLON_BENCH_KAFKA_PORT:-19392}
controller_port=${CARILLON_BENCH_KAFKA_CONTROLLER_PORT:-19393}
token_port=${CARILLON_BENCH_TOKEN_PORT:-18382}
meeting_port=${CARILLON_BENCH_MEETING_PORT:-18380}
signaling_port=${CARILLON_BENCH_SIGNALING_PORT:-18381}
media_port=${CARILLON_BENCH_MEDIA_PORT:-18383}
media_udp_port=${CARILLON_BENCH_MEDIA_UDP_PORT:-15004}
media_heap=${CARILLON_BENCH_MEDIA_HEAP:-256m}
# The collector ./carillon gives media-service (serial), unless CARILLON_BENCH_MEDIA_OPTS picks one.
media_gc=-XX:+UseSerialGC
[[ " ${CARILLON_BENCH_MEDIA_OPTS:-}" =~ [[:space:]]-XX:\+Use[A-Za-z0-9]*GC ]] && media_gc=
signaling_heap=${CARILLON_BENCH_SIGNALING_HEAP:-512m}
load_heap=${CARILLON_BENCH_LOAD_HEAP:-1g}
max_load=${CARILLON_BENCH_MAX_LOAD:-1.5}
build_mode=${CARILLON_BENCH_BUILD:-missing}

# Every attendee has a UDP socket and a WebSocket in the generator, and signaling-service a socket each.
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 8192 ]; then
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
fi

work=${CARILLON_BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/carillon-mediabench.XXXXXX")}
mkdir -p "$work/logs"
logs="$work/logs"
say "run folder $work"

# --- build what is missing -----------------------------------------------------------------
services=(token-service meeting-service signaling-service media-service)
modules=infra/kafka,token-service,meeting-service,signaling-service,media-service,infra/bench/media
jar_of() { echo "$1/target/quarkus-app/quarkus-run.jar"; }
load_jar=infra/bench/media/target/carillon-media-load-0.1.0-SNAPSHOT.jar
stale() { # jar, source folders...: prints the first source file newer than the jar
  local jar=$1; shift
  find "$@" pom.xml services/*/pom.xml -newer "$jar" -type f -print -quit 2>/dev/null
}
needs_build() {
  local s jar
  [ -d infra/kafka/target/lib ] || { echo "infra/kafka/target/lib is missing"; return 0; }
  [ -f "$load_jar" ] || { echo "$load_jar is missing"; return 0; }
  for s in "${services[@]}"; do
    jar=$(jar_of "$s")
    [ -f "$jar" ] || { echo "$jar is missing"; return 0; }
    if [ "$build_mode" = auto ] && [ -n "$(stale "$jar" "$s/src/main" "$s/pom.xml" services/*/src/main)" ]; then
      echo "$jar is older than its sources"; return 0
    fi
  done
  if [ "$build_mode" = auto ] && [ -n "$(stale "$load_jar" infra/bench/media/src infra/bench/media/pom.xml services/*/src/main)" ]; then
    echo "$load_jar is older than its sources"; return 0
  fi
  return 1
}
if [ "$build_mode" != never ] && why=$(needs_build); then
  say "building ($why): ./mvnw install -DskipTests -pl $modules -am"
  build_start=$SECONDS
  if ! ./mvnw -q -B -o install -DskipTests -pl "$modules" -am > "$logs/build.log" 2>&1; then
    say "offline build failed; trying again with downloads allowed"
    ./mvnw -q -B install -DskipTests -pl "$modules" -am >> "$logs/build.log" 2>&1 ||
      { tail -40 "$logs/build.log" >&2; die "build failed; full output in $logs/build.log"; }
  fi
  say "built in $((SECONDS - build_start)) s"
fi
for s in "${services[@]}"; do
  [ -f "$(jar_of "$s")" ] || die "$(jar_of "$s") is missing (CARILLON_BENCH_BUILD=never?)"
  newer=$(stale "$(jar_of "$s")" "$s/src/main" "$s/pom.xml" services/*/src/main)
  [ -z "$newer" ] || say "warning: $(jar_of "$s") is older than $newer (CARILLON_BENCH_BUILD=auto rebuilds)"
done
[ -d infra/kafka/target/lib ] || die "infra/kafka/target/lib is missing"
[ -f "$load_jar" ] || die "$load_jar is missing"

# --- every port must be free -----------------------------------------------------------------
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
udp_in_use() { [ -r /proc/net/udp ] && awk -v p="$(printf '%04X' "$1")" 'NR > 1 { split($2, a, ":"); if (a[2] == p) found = 1 } END { exit !found }' /proc/net/udp; }
for p in "kafka:$kafka_port:CARILLON_BENCH_KAFKA_PORT" "kafka-controller:$controller_port:CARILLON_BENCH_KAFKA_CONTROLLER_PORT" \
         "token-service:$token_port:CARILLON_BENCH_TOKEN_PORT" "meeting-service:$meeting_port:CARILLON_BENCH_MEETING_PORT" \
         "signaling-service:$signaling_port:CARILLON_BENCH_SIGNALING_PORT" "media-service:$media_port:CARILLON_BENCH_MEDIA_PORT"; do
  IFS=: read -r name number var <<<"$p"
  if port_in_use "$number"; then die "port $number ($name) is in use; move it with $var=<port>"; fi
done
if udp_in_use "$media_udp_port"; then die "UDP port $media_udp_port (media) is in use; move it with CARILLON_BENCH_MEDIA_UDP_PORT=<port>"; fi

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
while [ "$idle_wait" -gt 0 ]; do
  b0=$(machine_busy); sleep 3; b1=$(machine_busy)
  busy_pct=$(( (b1 - b0) * 100 / (3 * clk_tck * cores) ))
  load1=$(cut -d' ' -f1 /proc/loadavg)
  if [ "$busy_pct" -lt 25 ] && awk -v l="$load1" -v m="$max_load" 'BEGIN { exit !(l < m) }'; then break; fi
  if [ "$waited" -ge "$idle_wait" ]; then
    say "warning: the machine is still ${busy_pct}% busy (load average $load1) after ${waited} s; measuring anyway (figures will be high)"
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
  # Ignore further signals until everything is stopped: a second Ctrl-C, or timeout(1) signalling the
  # whole process group, must not leave the services running.
  trap '' INT TERM
  if [ -n "${tail_pid:-}" ]; then kill "$tail_pid" 2>/dev/null || true; fi
  if [ ${#order[@]} -gt 0 ]; then
    say "stopping..."
    # The load generator first (it sends LEAVE), then the services (they finish their Kafka writes
    # on shutdown), then the broker.
    terminate load-generator
    terminate media-service signaling-service meeting-service token-service
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

# As ./carillon starts them, on the ports above. The meeting idle timeout is raised so that the
# reaper does not end the benchmark's meetings half-way; meeting-service hands out this
# signaling-service as the SignalingUrl.
start=$SECONDS
start_bg token-service "$logs/token-service.log" "$JAVA_HOME/bin/java" -Xmx256m \
  -Dquarkus.http.port="$token_port" -Dkafka.bootstrap.servers="127.0.0.1:$kafka_port" \
  -jar "$(jar_of token-service)"
start_bg meeting-service "$logs/meeting-service.log" "$JAVA_HOME/bin/java" -Xmx256m \
  -Dquarkus.http.port="$meeting_port" -Dkafka.bootstrap.servers="127.0.0.1:$kafka_port" \
  -Dcarillon.meeting.token-service-url="http://127.0.0.1:$token_port" \
  -Dcarillon.meeting.idle-meeting-timeout=2h \
  "-Dcarillon.meeting.regions.\"us-east-1\".signaling-url=ws://127.0.0.1:$signaling_port" \
  "-Dcarillon.meeting.regions.\"us-east-1\".audio-host-url=127.0.0.1:$media_udp_port" \
  -jar "$(jar_of meeting-service)"
start_bg signaling-service "$logs/signaling-service.log" "$JAVA_HOME/bin/java" -Xmx"$signaling_heap" \
  -Dquarkus.http.port="$signaling_port" -Dkafka.bootstrap.servers="127.0.0.1:$kafka_port" \
  -Dcarillon.signaling.token-service-url="http://127.0.0.1:$token_port" \
  -jar "$(jar_of signaling-service)"
# shellcheck disable=SC2086 # CARILLON_BENCH_MEDIA_OPTS holds several options
start_bg media-service "$logs/media-service.log" "$JAVA_HOME/bin/java" -Xmx"$media_heap" $media_gc \
  -Dquarkus.http.port="$media_port" -Dkafka.bootstrap.servers="127.0.0.1:$kafka_port" \
  -Dcarillon.media.udp-port="$media_udp_port" ${CARILLON_BENCH_MEDIA_OPTS:-} \
  -jar "$(jar_of media-service)"
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
# The generator reads the CPU of these processes at the exact start and end of its steady window
# (and media-service's /q/metrics), so ramp and join costs stay out of the figures.
mkdir -p "$here/target"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
figures="$here/target/media-load-$stamp.md"
declare -A cpu_before=()
for name in kafka "${services[@]}"; do cpu_before[$name]=$(ticks_of "${pid[$name]}"); done
busy_before=$(machine_busy)
run_start=$SECONDS
say "running the load generator (output also in $logs/load.log)"
# In its own process group too, so that stop_all can end it if this script is interrupted.
# shellcheck disable=SC2086 # CARILLON_BENCH_LOAD_OPTS holds several options on purpose
start_bg load-generator "$logs/load.log" "$JAVA_HOME/bin/java" -Xms"$load_heap" -Xmx"$load_heap" ${CARILLON_BENCH_LOAD_OPTS:-} -jar "$root/$load_jar" \
  --endpoint "http://127.0.0.1:$meeting_port" --metrics-url "http://127.0.0.1:$media_port/q/metrics" --clk-tck "$clk_tck" \
  --pid "media-service=${pid[media-service]}" --pid "signaling-service=${pid[signaling-service]}" \
  --pid "kafka=${pid[kafka]}" --pid "meeting-service=${pid[meeting-service]}" --pid "token-service=${pid[token-service]}" \
  --out "$work/figures.md" "$@"
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
[ -f "$work/figures.md" ] || die "the load generator wrote no figures; logs in $logs"

# --- summary ------------------------------------------------------------------------------------
seconds() { awk -v t="$1" -v hz="$clk_tck" 'BEGIN { printf "%.1f", t / hz }'; }
{
  echo "# Media load benchmark, $(date -u '+%F %T') UTC"
  echo
  echo "- machine: $cores cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')), $(awk '/^MemTotal:/ {printf "%.0f", $2 / 1048576}' /proc/meminfo) GiB RAM, $(uname -sr)"
  echo "- load average (1/5/15 min): before $load_before, after $load_after"
  echo "- code: $(git --no-optional-locks -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?') plus $(git --no-optional-locks -C "$root" status --porcelain 2>/dev/null | wc -l) uncommitted changed files; media-service jar built $(date -r "$(jar_of media-service)" '+%F %T')"
  echo "- media-service -Xmx$media_heap${media_gc:+ $media_gc} ${CARILLON_BENCH_MEDIA_OPTS:-(default settings)}; signaling-service -Xmx$signaling_heap; token-service and meeting-service -Xmx256m; Kafka kafka.sh defaults"
  echo "- generator: $*"
  echo "- CPU placement: ${CARILLON_BENCH_PIN:-none (every process on every CPU)}"
  echo
  cat "$work/figures.md"
  echo
  echo "CPU seconds over the whole generator run (meeting creation, ramp, joins, settling and LEAVE included, $run_seconds s):"
  echo
  echo "| process | CPU s |"
  echo "|---|--:|"
  total=0
  for name in media-service signaling-service kafka meeting-service token-service; do
    d=$(( cpu_after[$name] - cpu_before[$name] ))
    total=$(( total + d ))
    echo "| $name | $(seconds "$d") |"
  done
  echo "| all five | $(seconds "$total") |"
  echo "| machine busy (generator and anything else included) | $(seconds $((busy_after - busy_before))) |"
} > "$figures"
if [ -f "$work/figures.md.metrics.txt" ]; then cp "$work/figures.md.metrics.txt" "${figures%.md}.metrics.txt"; fi
echo
echo "================================== media benchmark =================================="
cat "$figures"
echo
echo "figures: $figures (media-service /q/metrics at the end of the window: ${figures%.md}.metrics.txt)   logs: $logs"
