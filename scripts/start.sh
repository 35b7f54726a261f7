#!/usr/bin/env bash
# Sets up (Node 22 if needed, dependencies) and runs the example portal:
# app on http://localhost:3000, backend on http://localhost:7007, embedded SQLite, guest sign-in.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/toolchain.sh

yarn install --immutable
exec yarn start
