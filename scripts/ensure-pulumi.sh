#!/usr/bin/env bash
# Makes a real Pulumi engine available offline and prints the directory that holds it.
#
# Why: the npm `pulumi` package downloads the CLI at run time and Debian has none, but the Go module
# proxy is reachable, so we build the CLI (and the Node.js language host when the proxy serves it)
# from source once and cache the result outside the repo, keyed by version.
#
# Output: the bin directory on stdout (last line); progress and errors on stderr.
# Exit codes: 0 ok, 2 missing Go toolchain, 3 module download failed, 4 build failed.
set -euo pipefail

PULUMI_VERSION="${PULUMI_VERSION:-3.259.0}"
CACHE_ROOT="${JWK_PULUMI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-jwk}"
PREFIX="$CACHE_ROOT/pulumi-v$PULUMI_VERSION"
BIN="$PREFIX/bin"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

log() { printf '[ensure-pulumi] %s\n' "$*" >&2; }
fail() { local code=$1; shift; printf '[ensure-pulumi] ERROR: %s\n' "$*" >&2; exit "$code"; }

version_ok() { # $1 = path to a pulumi binary; true when it reports at least PULUMI_VERSION
  local v
  v=$("$1" version 2>/dev/null | sed 's/^v//') || return 1
  [ -n "$v" ] && [ "$(printf '%s\n%s\n' "$PULUMI_VERSION" "$v" | sort -V | head -1)" = "$PULUMI_VERSION" ]
}

install_shim() { # the dynamic-provider plugin the engine looks for next to `pulumi`
  cp "$HERE/pulumi-resource-pulumi-nodejs" "$1/pulumi-resource-pulumi-nodejs"
  chmod +x "$1/pulumi-resource-pulumi-nodejs"
}

# 1. A recent-enough pulumi already on PATH wins (outside our cache).
if existing=$(command -v pulumi 2>/dev/null) && [ "$(dirname "$existing")" != "$BIN" ] && version_ok "$existing"; then
  dir=$(dirname "$existing")
  if [ -w "$dir" ]; then install_shim "$dir"; fi
  log "using pulumi on PATH: $existing ($("$existing" version))"
  echo "$dir"; exit 0
fi

# 2. Our cache.
if [ -x "$BIN/pulumi" ] && version_ok "$BIN/pulumi"; then
  install_shim "$BIN"
  log "using cached pulumi $("$BIN/pulumi" version) in $BIN"
  echo "$BIN"; exit 0
fi

# 3. Build from the Go module proxy.
command -v go >/dev/null 2>&1 || fail 2 "no Go toolchain on PATH: the Pulumi engine is built from source with Go >= 1.24 (install Go, or put pulumi >= v$PULUMI_VERSION on PATH)"
log "building pulumi v$PULUMI_VERSION from the Go module proxy (first time only; about 5-10 minutes on 2 cores)"
mkdir -p "$BIN"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export GOFLAGS="${GOFLAGS:-} -mod=mod"
export CGO_ENABLED=0
go mod init local/pulumi-cli >/dev/null 2>&1
# `go install pkg@v` refuses modules with replace directives, so a wrapper module pins the tool.
if ! go get -tool "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v$PULUMI_VERSION" >"$work/get.log" 2>&1; then
  tail -20 "$work/get.log" >&2
  fail 3 "could not download github.com/pulumi/pulumi/pkg/v3@v$PULUMI_VERSION from the Go module proxy ($(go env GOPROXY))"
fi
# The version ldflag is required: Automation API parses `pulumi version`.
if ! go build -trimpath -tags osusergo,grpcnotrace \
  -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION" \
  -o "$BIN/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >"$work/build.log" 2>&1; then
  tail -30 "$work/build.log" >&2
  fail 4 "go build of the pulumi CLI v$PULUMI_VERSION failed (log above)"
fi
mv "$BIN/pulumi.tmp" "$BIN/pulumi"

# The Node.js language host has no version tags; the proxy may serve a pseudo-version. Optional:
# without it `pulumi up` in a program folder cannot run, Automation API inline programs still can.
if go get -tool "github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3@latest" >"$work/lang.log" 2>&1 &&
   go build -trimpath -ldflags "-s -w" -o "$BIN/pulumi-language-nodejs" \
     github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3 >>"$work/lang.log" 2>&1; then
  log "built pulumi-language-nodejs"
else
  log "note: pulumi-language-nodejs could not be built (see README); Automation API inline programs still work"
  tail -5 "$work/lang.log" >&2 || true
fi
install_shim "$BIN"
log "built $("$BIN/pulumi" version) into $BIN"
echo "$BIN"
