#!/bin/bash
# Starts coturn in the foreground with the TURN REST API shared secret (use-auth-secret): a
# credential is user "<expiry unix time>:<anything>", password base64(HMAC-SHA1(secret, user)).
#
#   TURN_SECRET        the shared secret (required; the service that hands out TURN credentials
#                      must use the same one)
#   TURN_EXTERNAL_IP   the address clients reach this server at (relayed candidates carry it)
#   TURN_REALM         realm (carillon)           TURN_PORT  listening port, UDP and TCP (3478)
#   TURN_MIN_PORT / TURN_MAX_PORT  relay port range (49160-49169; publish the same range)
#   TURN_EXTRA_ARGS    more turnserver options, e.g. --denied-peer-ip=10.0.0.0-10.255.255.255
set -euo pipefail
: "${TURN_SECRET:?TURN_SECRET is not set: the TURN REST API shared secret}"
umask 077
config=$(mktemp /tmp/turnserver.XXXXXX.conf)
{
  echo "listening-port=${TURN_PORT:-3478}"
  echo "min-port=${TURN_MIN_PORT:-49160}"
  echo "max-port=${TURN_MAX_PORT:-49169}"
  echo "realm=${TURN_REALM:-carillon}"
  echo "use-auth-secret"
  echo "static-auth-secret=$TURN_SECRET"
  if [ -n "${TURN_EXTERNAL_IP:-}" ]; then
    # public/private: the container's own address is behind docker's NAT.
    echo "external-ip=$TURN_EXTERNAL_IP/$(hostname -i | awk '{ print $1 }')"
  fi
  echo "fingerprint"
  echo "no-cli"
  echo "no-tls"
  echo "no-dtls"
  echo "no-multicast-peers"
  echo "no-software-attribute"
  echo "pidfile=/tmp/turnserver.pid"
  echo "log-file=stdout"
  echo "simple-log"
} > "$config"
echo "turn-start: coturn on ${TURN_PORT:-3478} (udp, tcp), relay ports ${TURN_MIN_PORT:-49160}-${TURN_MAX_PORT:-49169}, realm ${TURN_REALM:-carillon}${TURN_EXTERNAL_IP:+, external ip $TURN_EXTERNAL_IP}"
# shellcheck disable=SC2086 # TURN_EXTRA_ARGS holds several options
exec turnserver -c "$config" ${TURN_EXTRA_ARGS:-}
