#!/usr/bin/env bash
# Runs every test: unit tests (vitest) over the pure layers, then engine tests that drive the real Pulumi
# CLI through Automation API in plain node processes (node --test over compiled JS, see BRIEF.md section 3).
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

step "formatting (prettier --check; fix with: npm run format)"
prettier --check --log-level warn .

step "unit tests (vitest)"
vitest run

step "engine tests (real pulumi $(pulumi version), node --test)"
node --test --test-concurrency=2 --test-reporter=spec "$ROOT"/dist/test/engine/*.test.js
