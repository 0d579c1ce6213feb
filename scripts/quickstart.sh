#!/usr/bin/env bash
# The quickstart: three keys (RS256, ES256, EdDSA) published to a JWKS file on a local Pulumi backend,
# then a second preview that must show no changes.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
step "running examples/quickstart"
node "$ROOT/dist/examples/quickstart/run.js" "$@"
