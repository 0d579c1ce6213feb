#!/usr/bin/env bash
# Runs every test: unit tests (vitest) over the pure layers, then engine tests that drive the real Pulumi
# CLI in plain node processes (node --test over compiled JS, see BRIEF.md section 3): program folders run
# with the CLI (the quickstart, a target example, the packed package, the CI recipe) and Automation API
# stacks where a test needs programmatic control.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

step "formatting (prettier --check; fix with: npm run format)"
prettier --check --log-level warn .

step "unit tests (vitest)"
vitest run

step "engine tests (real pulumi $(pulumi version), node --test)"
# One compiled file per test source: dist/ may still hold the output of a test that was removed since.
engine_tests=()
for f in "$ROOT"/test/engine/*.test.ts; do engine_tests+=("$ROOT/dist/test/engine/$(basename "$f" .ts).js"); done
node --test --test-concurrency=2 --test-reporter=spec "${engine_tests[@]}"
