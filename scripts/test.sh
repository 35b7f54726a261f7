#!/usr/bin/env bash
# Runs every test of the repository: type check, package build, lint, formatting, config schema, unit and integration
# tests (backend ones on SQLite and, when available, PostgreSQL), and the browser end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/toolchain.sh

step() { printf '\n=== %s\n' "$*"; }

step "install (yarn install --immutable)"
yarn install --immutable

step "type check (tsc)"
yarn tsc

step "build the plugin packages (backstage-cli repo build)"
yarn backstage-cli repo build

step "lint (backstage-cli repo lint)"
yarn lint

step "formatting (prettier --check)"
yarn prettier:check

step "config schema (backstage-cli config:check)"
yarn backstage-cli config:check --lax

step "PostgreSQL for the backend tests"
source scripts/postgres.sh

step "unit and integration tests (backstage-cli repo test)"
CI=true yarn test

step "demo services against a fake collector (packages/demo-services/src/smoke.mjs)"
node packages/demo-services/src/smoke.mjs

step "end-to-end tests in Chromium and live traces (e2e/run.mjs)"
yarn test:e2e

printf '\nAll tests passed.\n'
