#!/usr/bin/env bash
# Makes mypy (from PyPI) available in a cached virtualenv and prints that virtualenv's directory: the type checker
# the SDK check (scripts/check-sdks.sh) runs over Python programs on the generated SDK. A virtualenv of its own,
# not the Pulumi SDK's (scripts/ensure-pulumi-python.sh), which running programs share: mypy checks a program
# against that program's interpreter (`--python-executable`), so it needs nothing installed beside the SDK.
# Exit codes: 0 ok, 2 no python3 or venv module, 3 pip install failed.
set -euo pipefail

MYPY_VERSION="${JWK_MYPY_VERSION:-2.4.1}"
CACHE_ROOT="${JWK_PULUMI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-jwk}"
VENV="$CACHE_ROOT/mypy-v$MYPY_VERSION"
source "$(dirname "${BASH_SOURCE[0]}")/lib/python-venv.sh"

log() { printf '[ensure-mypy] %s\n' "$*" >&2; }
fail() { local code=$1; shift; printf '[ensure-mypy] ERROR: %s\n' "$*" >&2; exit "$code"; }

if venv_complete "$VENV" && [ -x "$VENV/bin/mypy" ]; then
  log "using cached mypy $MYPY_VERSION in $VENV"
else
  make_venv mypy "$VENV" "creating a virtualenv with mypy==$MYPY_VERSION in $VENV (first time only)" "mypy==$MYPY_VERSION"
fi
printf '%s\n' "$VENV"
