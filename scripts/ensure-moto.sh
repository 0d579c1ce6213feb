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

if [ -x "$VENV/bin/moto_server" ] && [ -f "$VENV/.installed" ]; then
  log "using cached moto $MOTO_VERSION in $VENV"
  printf '%s\n' "$VENV/bin"
  exit 0
fi

command -v python3 >/dev/null 2>&1 || fail 2 "python3 is needed for moto's server"
if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
  # Debian's python3 ships venv without ensurepip; CI runs as root on a fresh machine, so install it there.
  if [ "$(id -u 2>/dev/null)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing python3-venv (Debian's python3 lacks ensurepip)"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv; } >&2 || true
  fi
  python3 -c 'import venv, ensurepip' 2>/dev/null || fail 2 "python3 lacks the venv/ensurepip modules (Debian: apt-get install python3-venv)"
fi

mkdir -p "$CACHE_ROOT"
rm -rf "$VENV"
log "creating a virtualenv with moto $MOTO_VERSION in $VENV (first time only; about 25 s, 140 MB)"
python3 -m venv "$VENV" >&2 || fail 2 "python3 -m venv failed"
if ! "$VENV/bin/pip" install --disable-pip-version-check --quiet "moto[kms,secretsmanager]==$MOTO_VERSION" flask flask-cors >&2; then
  rm -rf "$VENV"
  fail 3 "pip install of moto[kms,secretsmanager]==$MOTO_VERSION, flask, flask-cors failed (PyPI reachable? set PIP_INDEX_URL for a mirror)"
fi
touch "$VENV/.installed"
log "installed moto $MOTO_VERSION into $VENV"
printf '%s\n' "$VENV/bin"
