#!/usr/bin/env bash
# Builds the base image of every Carillon image without pulling anything: a minimal Debian root
# file system made by debootstrap from Debian's package mirror, with a headless JRE, imported
# with `docker import`. Skipped when the image already exists (CARILLON_BASE_REBUILD=1 forces it).
#
#   CARILLON_BASE_IMAGE   image to make (default carillon/base-jre:17-bookworm)
#   CARILLON_DEBIAN_SUITE Debian suite (default bookworm)
#   CARILLON_DEBIAN_MIRROR mirror (default: the host's first Debian mirror, else deb.debian.org)
#   CARILLON_JRE_PACKAGE  JRE package (default openjdk-17-jre-headless)
#
# Needs root, debootstrap (apt-get install debootstrap) and a running Docker engine.
# Where a registry is reachable, skip this and build the service images with
# --build-arg BASE_IMAGE=eclipse-temurin:17-jre (see infra/docker/README.md).
set -euo pipefail
image=${CARILLON_BASE_IMAGE:-carillon/base-jre:17-bookworm}
suite=${CARILLON_DEBIAN_SUITE:-bookworm}
jre=${CARILLON_JRE_PACKAGE:-openjdk-17-jre-headless}
say() { printf '[base] %s\n' "$*"; }

if [ "${CARILLON_BASE_REBUILD:-0}" != 1 ] && docker image inspect "$image" >/dev/null 2>&1; then
  say "$image present; not rebuilt (CARILLON_BASE_REBUILD=1 forces it)"
  exit 0
fi
[ "$(id -u)" = 0 ] || { say "debootstrap needs root" >&2; exit 1; }
command -v debootstrap >/dev/null || { say "debootstrap missing: apt-get install -y debootstrap" >&2; exit 1; }

# The mirror the host's apt uses (deb822 or one-line sources), so that a machine behind a
# local mirror builds from it.
host_mirror() {
  local f
  for f in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list; do
    [ -f "$f" ] || continue
    grep -hoE '^(URIs:[[:space:]]*|deb[[:space:]]+)https?://[^[:space:]]+/debian/?([[:space:]]|$)' "$f" \
      | grep -oE 'https?://[^[:space:]]+' | head -1 && return
  done
  return 0
}
mirror=${CARILLON_DEBIAN_MIRROR:-$(host_mirror)}
mirror=${mirror:-http://deb.debian.org/debian}
mirror=${mirror%/}
security=${mirror%/debian}/debian-security

work=$(mktemp -d "${TMPDIR:-/var/tmp}/carillon-base.XXXXXX")
rootfs="$work/rootfs"
cleanup() {
  # debootstrap and chroot mount proc/sys/dev inside the tree: unmount whatever is still
  # mounted below it before removing it, and never cross into another file system.
  local m
  for m in $(awk -v r="$rootfs/" 'index($2, r) == 1 { print $2 }' /proc/mounts | sort -r); do
    umount -l "$m" 2>/dev/null || true
  done
  if awk -v r="$rootfs/" 'index($2, r) == 1 { found = 1 } END { exit !found }' /proc/mounts; then
    say "mounts left below $rootfs; not removing it" >&2
  else
    rm -rf --one-file-system "$work"
  fi
}
trap cleanup EXIT

start=$SECONDS
say "debootstrap $suite (minbase + $jre) from $mirror into $rootfs ..."
debootstrap --variant=minbase --include="$jre,ca-certificates" --components=main \
  "$suite" "$rootfs" "$mirror" > "$work/debootstrap.log" 2>&1 || {
  tail -30 "$work/debootstrap.log" >&2; say "debootstrap failed" >&2; exit 1; }

# Security and point-release updates; name resolution as on the host while in the chroot.
cat > "$rootfs/etc/apt/sources.list" <<SOURCES
deb $mirror $suite main
deb $mirror $suite-updates main
deb $security $suite-security main
SOURCES
cp /etc/hosts "$rootfs/etc/hosts"
cp -L /etc/resolv.conf "$rootfs/etc/resolv.conf" 2>/dev/null || true
mount -t proc proc "$rootfs/proc"
chroot "$rootfs" /bin/sh -c 'export DEBIAN_FRONTEND=noninteractive;
  apt-get -q update && apt-get -qy upgrade && apt-get clean' > "$work/upgrade.log" 2>&1 || {
  tail -30 "$work/upgrade.log" >&2; say "apt-get upgrade in the chroot failed" >&2; exit 1; }
java_home=$(chroot "$rootfs" readlink -f /usr/bin/java); java_home=${java_home%/bin/java}
version=$(chroot "$rootfs" java -version 2>&1 | head -1)
umount "$rootfs/proc"
say "JRE: $version ($java_home)"

# Trim: package caches and lists, docs, man pages, locales (apt-get update restores the lists).
# Keep apt's install-without-docs rule so images built FROM this one stay small.
cat > "$rootfs/etc/dpkg/dpkg.cfg.d/01-carillon-nodoc" <<'DPKG'
path-exclude=/usr/share/doc/*
path-include=/usr/share/doc/*/copyright
path-exclude=/usr/share/man/*
path-exclude=/usr/share/info/*
path-exclude=/usr/share/locale/*
DPKG
cat > "$rootfs/etc/apt/apt.conf.d/01-carillon" <<'APT'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
APT
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
       "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/log/*.log "$rootfs"/var/log/apt/* \
       "$rootfs"/tmp/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* \
       "$rootfs"/usr/share/locale/*
find "$rootfs/usr/share/doc" -mindepth 2 ! -name copyright -delete 2>/dev/null || true
find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
# Docker writes these three at container start.
: > "$rootfs/etc/hosts"; : > "$rootfs/etc/resolv.conf"; echo carillon > "$rootfs/etc/hostname"


tar --numeric-owner -C "$rootfs" -c . | docker import \
  -c "ENV LANG=C.UTF-8 JAVA_HOME=$java_home" \
  -c 'CMD ["/bin/bash"]' \
  -m "Debian $suite minbase + $jre (infra/docker/base/build-base.sh)" - "$image" >/dev/null
say "built $image in $((SECONDS - start)) s: $(docker image inspect -f '{{.Size}}' "$image" | awk '{ printf "%.0f MB", $1 / 1e6 }')"
