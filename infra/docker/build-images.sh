#!/usr/bin/env bash
# Builds every Carillon image: the base (once; infra/docker/base/build-base.sh), the four services
# from their Quarkus fast-jars, the Kafka broker and coturn. Prints each image's size.
#
#   BASE_IMAGE          base of every image (default carillon/base-jre:17-bookworm, made here by
#                       debootstrap without any registry). Where a registry is reachable, e.g.
#                       BASE_IMAGE=eclipse-temurin:17-jre infra/docker/build-images.sh
#   CARILLON_IMAGE_TAG  tag of the images built (default latest)
#   CARILLON_IMAGES     which to build (default: "meeting-service signaling-service token-service
#                       media-service kafka coturn")
#
# The Maven artifacts must exist: when one is missing this runs `./mvnw -q install -DskipTests`.
# It does not rebuild stale ones; run the Maven build yourself after changing the code.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
default_base=carillon/base-jre:17-bookworm
base=${BASE_IMAGE:-$default_base}
tag=${CARILLON_IMAGE_TAG:-latest}
images=${CARILLON_IMAGES:-meeting-service signaling-service token-service media-service kafka coturn}
declare -A port=([meeting-service]=8080 [signaling-service]=8081 [token-service]=8082 [media-service]=8083)
say() { printf '[images] %s\n' "$*"; }
start=$SECONDS

docker info >/dev/null 2>&1 || { say "no Docker engine answers (start dockerd)" >&2; exit 1; }

# --- base -----------------------------------------------------------------------------------
if [ "$base" = "$default_base" ]; then
  CARILLON_BASE_IMAGE=$base "$here/base/build-base.sh"
elif ! docker image inspect "$base" >/dev/null 2>&1; then
  say "pulling $base"
  docker pull "$base"
fi

# --- Maven artifacts ------------------------------------------------------------------------
missing=""
for s in "${!port[@]}"; do
  [ -f "$s/target/quarkus-app/quarkus-run.jar" ] || missing="$missing $s"
done
[ -d infra/kafka/target/lib ] || missing="$missing infra/kafka"
if [ -n "$missing" ]; then
  say "missing Maven artifacts:$missing; running ./mvnw -q install -DskipTests"
  ./mvnw -q -B install -DskipTests
fi
for s in "${!port[@]}"; do
  newer=$(find "$s/src/main" -newer "$s/target/quarkus-app/quarkus-run.jar" -type f -print -quit 2>/dev/null || true)
  [ -z "$newer" ] || say "note: $newer is newer than $s's jar; the image gets the jar as built"
done

# --- images ---------------------------------------------------------------------------------
# Each build context is a tar stream of exactly the files the Dockerfile copies (the repository
# root would send node_modules and every target folder).
build() { # image name; the rest: tar arguments of the context
  local name=$1 t0=$SECONDS; shift
  local log; log=$(mktemp)
  if ! tar -c --owner=0 --group=0 "$@" | docker build --build-arg BASE_IMAGE="$base" \
        ${build_args[@]+"${build_args[@]}"} -t "carillon/$name:$tag" - >"$log" 2>&1; then
    tail -30 "$log" >&2; rm -f "$log"; say "building carillon/$name failed" >&2; exit 1
  fi
  rm -f "$log"
  say "carillon/$name:$tag built in $((SECONDS - t0)) s"
}
for name in $images; do
  build_args=()
  case "$name" in
    *-service)
      build_args=(--build-arg SERVICE="$name" --build-arg PORT="${port[$name]}")
      build "$name" -C "$here/service" Dockerfile -C "$here" healthcheck.sh -C "$root/$name/target" quarkus-app ;;
    kafka)
      build kafka -C "$here/kafka" Dockerfile kafka-start.sh -C "$here" healthcheck.sh \
        -C "$root/infra/kafka" broker.properties -C "$root/infra/kafka/target" lib ;;
    coturn)
      # The package install needs the mirror: the host's network and name resolution.
      build_args=(--network host)
      build coturn -C "$here/coturn" Dockerfile turn-start.sh -C "$here" healthcheck.sh ;;
    *) say "unknown image $name" >&2; exit 1 ;;
  esac
done

say "all built in $((SECONDS - start)) s; sizes:"
for name in base $images; do
  ref="carillon/$name:$tag"; [ "$name" = base ] && ref=$base
  printf '  %-36s %6s MB\n' "$ref" "$(docker image inspect -f '{{.Size}}' "$ref" | awk '{ printf "%.0f", $1 / 1e6 }')"
done
