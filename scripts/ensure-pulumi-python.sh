#!/usr/bin/env bash
# Makes the Pulumi Python SDK (`pulumi` from PyPI, the engine's version) available in a cached virtualenv and
# prints that virtualenv's directory, for the Python programs of the plugin form (engine tests, examples).
#
# Why a shared virtualenv: pip-installing the SDK (grpcio, protobuf, debugpy...) costs 10-30 s per program folder;
# a program's own virtualenv instead reaches this one through a .pth file (scripts/lib/python-program.sh) and
# holds only its generated SDK. Cached outside the repo, keyed by version; complete only once the marker exists.
# Exit codes: 0 ok, 2 no python3 or venv module, 3 pip install failed.
set -euo pipefail

PULUMI_VERSION="${PULUMI_VERSION:-3.259.0}"
CACHE_ROOT="${JWK_PULUMI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-jwk}"
VENV="$CACHE_ROOT/pulumi-python-v$PULUMI_VERSION"
# The SDK, what every generated SDK imports besides it (parver: its version checks) and what installing one
# needs (wheel: pip builds it with setup.py, with no network, scripts/lib/language-program.sh). Changing this list
# remakes the virtualenv (the marker holds the list it was made with).
REQUIREMENTS=("pulumi==$PULUMI_VERSION" "parver==1.0.1.post0" "wheel==0.48.0")
source "$(dirname "${BASH_SOURCE[0]}")/lib/python-venv.sh"

log() { printf '[ensure-pulumi-python] %s\n' "$*" >&2; }
fail() { local code=$1; shift; printf '[ensure-pulumi-python] ERROR: %s\n' "$*" >&2; exit "$code"; }

if venv_complete "$VENV" && [ -x "$VENV/bin/python" ] && [ "$(cat "$VENV/.installed")" = "${REQUIREMENTS[*]}" ]; then
  log "using cached ${REQUIREMENTS[*]} in $VENV"
else
  make_venv "the Pulumi Python SDK" "$VENV" "creating a virtualenv with ${REQUIREMENTS[*]} in $VENV (first time only; 10-30 s)" \
    "${REQUIREMENTS[@]}"
  printf '%s' "${REQUIREMENTS[*]}" >"$VENV/.installed"
  log "installed ${REQUIREMENTS[*]} into $VENV"
fi
printf '%s\n' "$VENV"
