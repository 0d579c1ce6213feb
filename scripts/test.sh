#!/usr/bin/env bash
# Runs every test: unit tests (vitest) over the pure layers, then engine tests that drive the real Pulumi
# CLI in plain node processes (node --test over compiled JS, see BRIEF.md section 3): program folders run
# with the CLI (the quickstart, a target example, the packed package, the CI recipe) and Automation API
# stacks where a test needs programmatic control. The ClientKeyBinding engine tests need real OAuth servers
# (Keycloak, Ory Hydra): started here once for the whole run, in the background while the unit tests run
# (Keycloak takes 30-90 s to start), and stopped when this script exits (scripts/lib/servers.sh).
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
source "$ROOT/scripts/lib/servers.sh"

step "starting the real OAuth servers (Keycloak, Ory Hydra) and OpenBao for the engine tests"
start_oauth_servers

step "formatting (prettier --check; fix with: npm run format)"
prettier --check --log-level warn .

step "lint (eslint: promises, unsafe any, the HTTP boundary, the layers; eslint.config.mjs)"
eslint --max-warnings 0 .

step "dead code (knip: unused files, exports and dependencies; knip.json)"
knip

step "waiting for the custody servers (OpenBao, moto: the unit tests use them)"
wait_custody_servers

step "unit tests (vitest)"
vitest run

step "waiting for the real OAuth servers"
wait_oauth_servers

step "engine tests (real pulumi $(pulumi version), node --test)"
# One compiled file per test source: dist/ may still hold the output of a test that was removed since.
engine_tests=()
for f in "$ROOT"/test/engine/*.test.ts; do engine_tests+=("$ROOT/dist/test/engine/$(basename "$f" .ts).js"); done
node --test --test-concurrency=2 --test-reporter=spec "${engine_tests[@]}"
