#!/usr/bin/env bash
# Validates every Kubernetes and Strimzi object of infra/k8s (see README.md there). Run by the
# Maven build (infra/k8s/pom.xml, integration-test phase); skipped when Node.js is missing.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "infra/k8s: Node.js/npm not installed (.ci/run installs them): manifest validation skipped"
  exit 0
fi
if [ ! -d node_modules/kubernetes-models ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
exec node validate.mjs
