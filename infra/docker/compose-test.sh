#!/usr/bin/env bash
# End-to-end test of the compose deployment, on this machine's Docker engine (as root):
#   1. starts dockerd if none answers (and stops it again at the end), installs what is missing
#      (docker.io, docker-compose, debootstrap, awscli) with apt-get
#   2. builds the images (infra/docker/build-images.sh)          -> build time
#   3. docker-compose up -d under its own project name and ports  -> time until every container
#      is healthy (Docker's HEALTHCHECK: /q/health/ready, Kafka and coturn ports)
#   4. CreateMeeting + CreateAttendee with the AWS CLI (SigV4, dev credentials), checks the
#      MediaPlacement URLs, joins over signaling (test/Join.java: subprotocol echo, JOIN_ACK with
#      TURN credentials, INDEX, LEAVE_ACK), allocates a TURN relay on coturn with those credentials
#      (and is refused with a wrong password), sends datagrams to media-service's published UDP port
#   5. prints image sizes and each container's memory at idle (docker stats, and the main process's RSS)
#   6. docker-compose down -v, then checks that no container, network, volume or docker-proxy of
#      the project is left
# Exit 0 and "N passed, 0 failed" when all is well. Run it twice: the second run reuses the base.
#
#   CARILLON_TEST_PROJECT  compose project (carillon-composetest)
#   CARILLON_TEST_KEEP=1   leave the stack running at the end (no down -v)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
project=${CARILLON_TEST_PROJECT:-carillon-composetest}
say() { printf '[compose-test] %s\n' "$*"; }
passed=0 failed=0
ok() { passed=$((passed + 1)); say "ok: $*"; }
bad() { failed=$((failed + 1)); say "FAIL: $*"; }
die() { bad "$*"; finish; }

# Ports of its own, so that it runs beside ./carillon or a stack on the default ports.
export CARILLON_MEETING_PORT=28080 CARILLON_SIGNALING_PORT=28081 CARILLON_TOKEN_PORT=28082 \
  CARILLON_MEDIA_PORT=28083 CARILLON_MEDIA_UDP_PORT=25004 CARILLON_TURN_PORT=23478 \
  CARILLON_TURN_MIN_PORT=49190 CARILLON_TURN_MAX_PORT=49199 CARILLON_KAFKA_EXTERNAL_PORT=29092 \
  CARILLON_PUBLISH_ADDRESS=127.0.0.1 CARILLON_PUBLIC_HOST=127.0.0.1 CARILLON_ADVERTISED_ADDRESS=127.0.0.1 \
  CARILLON_TURN_SECRET="compose-test-$RANDOM$RANDOM"
export CARILLON_TURN_URIS="turn:127.0.0.1:$CARILLON_TURN_PORT?transport=udp,turn:127.0.0.1:$CARILLON_TURN_PORT?transport=tcp"
compose() { docker-compose -p "$project" -f "$root/docker-compose.yml" "$@"; }

# --- tools and engine -------------------------------------------------------------------------
[ "$(id -u)" = 0 ] || { say "run as root (dockerd, debootstrap)"; exit 1; }
need=""
command -v dockerd >/dev/null || need="$need docker.io"
command -v docker-compose >/dev/null || need="$need docker-compose"
command -v debootstrap >/dev/null || need="$need debootstrap"
command -v aws >/dev/null || need="$need awscli"
if [ -n "$need" ]; then
  say "installing$need"
  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -qy $need; } >/tmp/compose-test-apt.log 2>&1 \
    || { tail -20 /tmp/compose-test-apt.log; say "apt-get install$need failed"; exit 1; }
fi
dockerd_pid=""
if ! docker info >/dev/null 2>&1; then
  say "no Docker engine answers; starting dockerd (log /tmp/compose-test-dockerd.log)"
  dockerd >/tmp/compose-test-dockerd.log 2>&1 &
  dockerd_pid=$!
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || { tail -20 /tmp/compose-test-dockerd.log; say "dockerd did not start"; exit 1; }
fi

leftovers() { # what of the project still exists, one line per kind
  echo "containers: $(docker ps -aq --filter "label=com.docker.compose.project=$project" | wc -l)"
  echo "networks: $(docker network ls -q --filter "label=com.docker.compose.project=$project" | wc -l)"
  echo "volumes: $(docker volume ls -q --filter "label=com.docker.compose.project=$project" | wc -l)"
}
proxies() { pgrep -x docker-proxy | wc -l; }
shims() { pgrep -f '^[^ ]*containerd-shim' | wc -l; }

finished=0
finish() {
  [ "$finished" = 1 ] && return; finished=1
  if [ "${CARILLON_TEST_KEEP:-0}" = 1 ]; then
    say "CARILLON_TEST_KEEP=1: the stack keeps running (docker-compose -p $project down -v)"
  else
    if [ "$failed" -gt 0 ]; then
      say "logs of the stack (last 15 lines each):"
      compose logs --no-color --tail=15 2>&1 | sed 's/^/    /'
    fi
    compose down -v --remove-orphans >/tmp/compose-test-down.log 2>&1 || { cat /tmp/compose-test-down.log; bad "docker-compose down -v"; }
    left=$(leftovers)
    if [ "$(echo "$left" | awk '{ s += $2 } END { print s }')" = 0 ]; then ok "down -v left nothing ($(echo $left))"; else bad "left behind: $(echo $left)"; fi
    # A container's shim and proxies exit a moment after its removal.
    for _ in $(seq 1 30); do
      [ "$(proxies)" -le "$proxies_before" ] && [ "$(shims)" -le "$shims_before" ] && break
      sleep 0.5
    done
    if [ "$(proxies)" -le "$proxies_before" ] && [ "$(shims)" -le "$shims_before" ]; then
      ok "no docker-proxy or containerd-shim process left (docker-proxy $(proxies), shims $(shims))"
    else
      bad "processes left: docker-proxy $(proxies) (before $proxies_before), containerd-shim $(shims) (before $shims_before)"
    fi
  fi
  if [ -n "$dockerd_pid" ] && [ "${CARILLON_TEST_KEEP:-0}" != 1 ]; then
    kill -TERM "$dockerd_pid" 2>/dev/null; wait "$dockerd_pid" 2>/dev/null
    if kill -0 "$dockerd_pid" 2>/dev/null; then bad "dockerd $dockerd_pid still runs"; else ok "dockerd that this test started is stopped"; fi
  fi
  echo
  [ -n "${figures:-}" ] && printf '%s\n' "$figures"
  echo "$passed passed, $failed failed"
  [ "$failed" = 0 ] && exit 0 || exit 1
}
trap 'say interrupted; bad interrupted; finish' INT TERM

# A stack of an earlier, interrupted run of this test goes first.
if [ "$(leftovers | awk '{ s += $2 } END { print s }')" != 0 ]; then
  say "removing the stack of an earlier run"; compose down -v --remove-orphans >/dev/null 2>&1
fi
proxies_before=$(proxies) shims_before=$(shims)

# --- build ------------------------------------------------------------------------------------
t0=$SECONDS
"$here/build-images.sh" 2>&1 | sed 's/^/    /'
[ "${PIPESTATUS[0]}" = 0 ] || die "build-images.sh"
build_s=$((SECONDS - t0))
ok "images built in $build_s s"

# --- up and healthy ---------------------------------------------------------------------------
t0=$SECONDS
compose up -d >/tmp/compose-test-up.log 2>&1 || { cat /tmp/compose-test-up.log; die "docker-compose up -d"; }
mapfile -t containers < <(compose ps -q)
[ "${#containers[@]}" = 6 ] || die "expected 6 containers, got ${#containers[@]}"
while :; do
  unhealthy=""
  for c in "${containers[@]}"; do
    s=$(docker inspect -f '{{.State.Health.Status}}' "$c" 2>/dev/null)
    [ "$s" = healthy ] || unhealthy="$unhealthy $(docker inspect -f '{{.Name}}' "$c" | sed "s#^/${project}_##"):${s:-gone}"
  done
  [ -z "$unhealthy" ] && break
  [ $((SECONDS - t0)) -lt 180 ] || die "not healthy after 180 s:$unhealthy"
  sleep 1
done
healthy_s=$((SECONDS - t0))
ok "all 6 containers healthy $healthy_s s after docker-compose up"

# --- a meeting, an attendee, a join ------------------------------------------------------------
export AWS_ACCESS_KEY_ID=AKIACARILLONDEV0001 AWS_SECRET_ACCESS_KEY=carillon-development-secret-key-0001 \
  AWS_DEFAULT_REGION=us-east-1 AWS_PAGER="" AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
endpoint=http://127.0.0.1:$CARILLON_MEETING_PORT
if read -r meeting signaling_url audio_host < <(aws chime-sdk-meetings create-meeting --endpoint-url "$endpoint" \
    --client-request-token "compose-test-$$-$RANDOM" --media-region us-east-1 --external-meeting-id compose-test \
    --query 'Meeting.[MeetingId,MediaPlacement.SignalingUrl,MediaPlacement.AudioHostUrl]' --output text 2>/tmp/compose-test-aws.log) \
    && [ -n "$meeting" ]; then
  ok "CreateMeeting $meeting"
else
  cat /tmp/compose-test-aws.log; die "CreateMeeting"
fi
[ "$signaling_url" = "ws://127.0.0.1:$CARILLON_SIGNALING_PORT/control/$meeting" ] \
  && ok "SignalingUrl $signaling_url" || bad "SignalingUrl $signaling_url"
[ "$audio_host" = "127.0.0.1:$CARILLON_TURN_PORT" ] && ok "AudioHostUrl $audio_host" || bad "AudioHostUrl $audio_host"
token=$(aws chime-sdk-meetings create-attendee --endpoint-url "$endpoint" --meeting-id "$meeting" \
  --external-user-id compose-test-user --query Attendee.JoinToken --output text 2>/tmp/compose-test-aws.log)
[ -n "$token" ] && [ "$token" != None ] && ok "CreateAttendee (join token ${#token} chars)" || { cat /tmp/compose-test-aws.log; die "CreateAttendee"; }

java "$here/test/Join.java" "$signaling_url" "$token" >/tmp/compose-test-join.log 2>&1
join_rc=$?
sed 's/^turn \([^ ]*\) [^ ]*/turn \1 <password>/; s/^/    /' /tmp/compose-test-join.log
[ "$join_rc" = 0 ] && ok "joined over signaling (subprotocol echoed, JOIN_ACK, INDEX, LEAVE_ACK)" || bad "join over signaling"
read -r _ turn_user turn_password _ < <(grep '^turn ' /tmp/compose-test-join.log || true)
if [ -n "${turn_user:-}" ]; then
  ok "JOIN_ACK carries TURN credentials for $CARILLON_TURN_URIS"
  uclient() { docker run --rm --network host --entrypoint turnutils_uclient "carillon/coturn:${CARILLON_IMAGE_TAG:-latest}" \
    -n 0 -m 1 -c -e 127.0.0.1 -p "$CARILLON_TURN_PORT" "$@" 127.0.0.1; }
  uclient -u "$turn_user" -w "$turn_password" >/tmp/compose-test-turn.log 2>&1 \
    && ! grep -q 'Cannot complete Allocation' /tmp/compose-test-turn.log \
    && ok "coturn allocates a relay with the JOIN_ACK's credentials (shared secret wired)" \
    || { tail -5 /tmp/compose-test-turn.log; bad "TURN allocation with the JOIN_ACK's credentials"; }
  uclient -u "$turn_user" -w wrong-password >/tmp/compose-test-turn.log 2>&1 \
    && bad "coturn accepted a wrong password" || ok "coturn refuses a wrong password"
else
  bad "JOIN_ACK without TURN credentials"
fi

# media-service's UDP port: datagrams from the host reach the container through the published
# port (its packets-received counter moves). Where that gauge reads NaN (a build before the
# gauge fix) this is only reported.
media_metric() { curl -fs "http://127.0.0.1:$CARILLON_MEDIA_PORT/q/metrics" | awk '$1 == "carillon_media_packets_received" { print $2 }'; }
before=$(media_metric)
for _ in 1 2 3; do printf '\x00\x01\x00\x00\x21\x12\xa4\x42compose-test' > "/dev/udp/127.0.0.1/$CARILLON_MEDIA_UDP_PORT"; done
sleep 1
after=$(media_metric)
case "$before$after" in
  *NaN*|"") say "note: carillon_media_packets_received reads '${after:-nothing}'; UDP reachability not measured" ;;
  *) awk -v a="$after" -v b="$before" 'BEGIN { exit !(a - b >= 3) }' \
       && ok "media UDP port $CARILLON_MEDIA_UDP_PORT reaches media-service (packets received $before -> $after)" \
       || bad "media UDP port: packets received $before -> $after" ;;
esac

# --- figures ----------------------------------------------------------------------------------
sleep 10 # idle
figures="figures:
  image build (build-images.sh): $build_s s
  docker-compose up -> all healthy: $healthy_s s
  images:"
for name in meeting-service signaling-service token-service media-service kafka coturn; do
  figures="$figures
    $(printf '%-30s %5s MB' "carillon/$name" "$(docker image inspect -f '{{.Size}}' "carillon/$name:${CARILLON_IMAGE_TAG:-latest}" | awk '{ printf "%.0f", $1 / 1e6 }')")"
done
base=${BASE_IMAGE:-carillon/base-jre:17-bookworm}
figures="$figures
    $(printf '%-30s %5s MB (shared by all)' "$base" "$(docker image inspect -f '{{.Size}}' "$base" | awk '{ printf "%.0f", $1 / 1e6 }')")
  memory at idle (docker stats: cgroup usage; RSS: the container's main process):"
for c in "${containers[@]}"; do
  name=$(docker inspect -f '{{.Name}}' "$c" | sed "s#^/${project}_##; s#_1\$##")
  usage=$(docker stats --no-stream --format '{{.MemUsage}}' "$c" | cut -d/ -f1)
  pid=$(docker inspect -f '{{.State.Pid}}' "$c")
  rss=$(awk '/^VmRSS/ { printf "%.0f MiB", $2 / 1024 }' "/proc/$pid/status" 2>/dev/null)
  figures="$figures
    $(printf '%-18s stats %-10s RSS %s' "$name" "$usage" "$rss")"
done
printf '%s\n' "$figures"
figures=""
finish
