#!/usr/bin/env bash
# Makes SoftHSM2 (a PKCS#11 token in files, for the pkcs11: key custody tests, issue 19) available and prints the
# path of its PKCS#11 module.
#
# Why apt: SoftHSM2 is a C++ library with no npm or PyPI build; Debian's `softhsm2` package (2.6, OpenSSL backend)
# is what the tests are written against. Installed only when the module is absent (CI runs as root on a fresh
# machine); a user who is not root gets the command to run instead.
#
# Output: one line on stdout, the module's path; progress and errors on stderr.
# Exit codes: 0 ok, 2 absent and cannot install (not root, no apt-get), 3 apt-get failed, 4 still absent after it.
set -euo pipefail

MODULE="${JWK_SOFTHSM_MODULE:-/usr/lib/softhsm/libsofthsm2.so}"

log() { printf '==> softhsm: %s\n' "$*" >&2; }
fail() { local code=$1; shift; printf '==> softhsm: ERROR: %s\n' "$*" >&2; exit "$code"; }

if [ -f "$MODULE" ] && command -v softhsm2-util >/dev/null 2>&1; then
  log "using $MODULE ($(softhsm2-util --version 2>/dev/null || echo 'version unknown'))"
  printf '%s\n' "$MODULE"
  exit 0
fi

command -v apt-get >/dev/null 2>&1 || fail 2 "$MODULE is absent and there is no apt-get: install SoftHSM2 (2.6 or later) and set JWK_SOFTHSM_MODULE to its libsofthsm2.so"
[ "$(id -u)" -eq 0 ] || fail 2 "$MODULE is absent: install it with: sudo apt-get install softhsm2"

log "installing Debian softhsm2 (first time only; about 2 MB)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2 || fail 3 "apt-get update failed"
apt-get install -y -qq --no-install-recommends softhsm2 >&2 || fail 3 "apt-get install softhsm2 failed"
[ -f "$MODULE" ] || fail 4 "softhsm2 is installed but $MODULE is absent (set JWK_SOFTHSM_MODULE to its libsofthsm2.so)"
log "installed $MODULE ($(softhsm2-util --version 2>/dev/null || echo 'version unknown'))"
printf '%s\n' "$MODULE"
