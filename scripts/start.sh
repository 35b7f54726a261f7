#!/usr/bin/env bash
# Sets up (Node 22 if needed, dependencies) and runs the example portal: app on http://localhost:3000,
# backend on http://localhost:7007, embedded SQLite, guest sign-in; plus the demo shop's live traffic
# (packages/demo-services) sending traces to the portal's OTLP receiver.
#
#   ./scripts/start.sh             portal + demo traffic
#   ./scripts/start.sh --no-demo   portal only (or DEMO_TRAFFIC=off)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/toolchain.sh

demo="${DEMO_TRAFFIC:-on}"
for arg in "$@"; do
  case "$arg" in
    --no-demo) demo=off ;;
    *) echo "usage: $0 [--no-demo]" >&2; exit 2 ;;
  esac
done

yarn install --immutable

if [ "$demo" != "off" ]; then
  # The token the example app-config.yaml accepts for OTLP ingest (externalAccess).
  export OWNERSHIP_OTLP_TOKEN="${OWNERSHIP_OTLP_TOKEN:-demo-otlp-ingest-token-change-me}"
  node packages/demo-services/src/start.mjs &
  demo_pid=$!
  trap 'kill "$demo_pid" 2>/dev/null || true' EXIT
fi

yarn start
