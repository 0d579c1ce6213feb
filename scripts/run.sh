#!/usr/bin/env bash
# Runs a compiled script with the project's Node 24, the Pulumi engine on PATH and the offline settings,
# from the repository root: `bash scripts/run.sh dist/bench/provider-size.js`.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
exec node "$@"
