#!/usr/bin/env bash
# Makes a real Ory Hydra server binary available and prints its path (for the ClientKeyBinding engine tests).
#
# Why: Hydra ships no Debian package and the machine reaches only package registries, but the Go module proxy
# serves Hydra's source. `go install` refuses modules with replace directives, and Hydra's own replace of
# gobuffalo/pop is ignored when Hydra is a dependency, so a wrapper module repeats it; without it the
# persistence layer does not compile. The binary is cached outside the repo, keyed by version.
#
# Output: one line on stdout, the path of the `hydra` binary; progress and errors on stderr.
# Exit codes: 0 ok, 2 missing Go toolchain or C compiler, 3 module download failed, 4 build failed.
set -euo pipefail

HYDRA_VERSION="${HYDRA_VERSION:-2.3.0}"
# The pop fork Hydra v2.3.0 pins in its own go.mod (replace directives do not carry over to dependents).
POP_REPLACE="github.com/ory/pop/v6@v6.2.1-0.20241121111754-e5dfc0f3344b"
CACHE_ROOT="${JWK_SERVER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-jwk}"
BIN="$CACHE_ROOT/hydra-v$HYDRA_VERSION/bin"

log() { printf '==> hydra: %s\n' "$*" >&2; }
fail() { local code=$1; shift; printf '==> hydra: ERROR: %s\n' "$*" >&2; exit "$code"; }

# (Output captured first: `grep -q` closing the pipe early would fail the check under pipefail.)
if [ -x "$BIN/hydra" ] && [[ "$("$BIN/hydra" version 2>/dev/null)" == *"v$HYDRA_VERSION"* ]]; then
  log "using cached hydra v$HYDRA_VERSION in $BIN"
  printf '%s\n' "$BIN/hydra"
  exit 0
fi

command -v go >/dev/null 2>&1 || fail 2 "no Go toolchain on PATH: Hydra v$HYDRA_VERSION is built from source with Go >= 1.23"
# The in-memory database is SQLite, which needs cgo.
command -v "${CC:-gcc}" >/dev/null 2>&1 || fail 2 "no C compiler (${CC:-gcc}): Hydra's SQLite driver needs cgo"

work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

log "downloading github.com/ory/hydra/v2@v$HYDRA_VERSION from the Go module proxy (first time only; about 450 MB)"
if ! (cd "$work" && go mod init local/hydra-server &&
  go mod edit -replace "github.com/gobuffalo/pop/v6=$POP_REPLACE" &&
  go get -tool "github.com/ory/hydra/v2@v$HYDRA_VERSION" && go mod tidy) >"$work/get.log" 2>&1; then
  tail -20 "$work/get.log" >&2
  fail 3 "could not download github.com/ory/hydra/v2@v$HYDRA_VERSION from the Go module proxy ($(go env GOPROXY))"
fi

log "building hydra v$HYDRA_VERSION (first time only; about 2-4 minutes on 2 cores)"
mkdir -p "$BIN"
# The version ldflag makes `hydra version` report the release, which the cache check above relies on.
if ! (cd "$work" && CGO_ENABLED=1 go build -trimpath -tags sqlite,sqlite_omit_load_extension \
  -ldflags "-s -w -X github.com/ory/hydra/v2/driver/config.Version=v$HYDRA_VERSION" \
  -o "$BIN/hydra.tmp" github.com/ory/hydra/v2) >"$work/build.log" 2>&1; then
  tail -30 "$work/build.log" >&2
  fail 4 "go build of hydra v$HYDRA_VERSION failed (log above)"
fi
mv -f "$BIN/hydra.tmp" "$BIN/hydra"
log "built hydra v$HYDRA_VERSION into $BIN"
printf '%s\n' "$BIN/hydra"
