#!/usr/bin/env bash
# Makes a real moto server (AWS KMS and Secrets Manager emulator) available and prints the bin directory of its
# virtualenv (holding `moto_server`), for the custody tests of the awskms backend.
#
# Why: moto is a Python package (PyPI), not a Debian one; `moto[kms,secretsmanager]` plus flask and flask-cors is
# what `moto_server` needs for these two services (`moto[server]` pulls much more). The virtualenv is cached
# outside the repo, keyed by moto's version; it is complete only once the marker exists.
#
# Output: one line on stdout, the virtualenv's bin directory; progress and errors on stderr.
# Exit codes: 0 ok, 2 missing python3 or its venv module, 3 pip install failed.
set -euo pipefail

MOTO_VERSION="${MOTO_VERSION:-5.2.6}"
CACHE_ROOT="${JWK_SERVER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-jwk}"
VENV="$CACHE_ROOT/moto-$MOTO_VERSION"

log() { printf '==> moto: %s\n' "$*" >&2; }
fail() { local code=$1; shift; printf '==> moto: ERROR: %s\n' "$*" >&2; exit "$code"; }

source "${BASH_SOURCE[0]%/*}/lib/python-venv.sh"

if [ -x "$VENV/bin/moto_server" ] && venv_complete "$VENV"; then
  log "using cached moto $MOTO_VERSION in $VENV"
  printf '%s\n' "$VENV/bin"
  exit 0
fi

make_venv moto "$VENV" "creating a virtualenv with moto $MOTO_VERSION in $VENV (first time only; about 25 s, 140 MB)" \
  "moto[kms,secretsmanager]==$MOTO_VERSION" flask flask-cors
log "installed moto $MOTO_VERSION into $VENV"
printf '%s\n' "$VENV/bin"
