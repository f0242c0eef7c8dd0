#!/bin/bash
# Container health check without curl and without a second JVM: an HTTP/1.1 GET over bash's
# /dev/tcp, healthy when the answer is 200 (Quarkus answers 503 while a check is DOWN).
#   carillon-health <port> [path]      (default path /q/health/ready)
#   carillon-health --tcp <port>       healthy when the port accepts a connection
if [ "$1" = --tcp ]; then
  exec 3<>"/dev/tcp/127.0.0.1/$2" || exit 1
  exit 0
fi
port=${1:?port}
path=${2:-/q/health/ready}
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$path" >&3
IFS= read -r -t 5 status <&3 || exit 1
case "$status" in
  "HTTP/1."?" 200 "*) exit 0 ;;
  *) echo "$path: ${status%$'\r'}"; exit 1 ;;
esac
