#!/usr/bin/env bash
# Makes the Pulumi Go SDK (`github.com/pulumi/pulumi/sdk/v3`, the engine's version, from the Go module proxy)
# ready for Go programs of the plugin form: downloaded into the Go module cache and compiled into the Go build
# cache, both outside the repo (`go env GOMODCACHE GOCACHE`). Without this the first `pulumi up` of a Go program
# spends minutes compiling the SDK (the language host runs `go build` before every preview and up); with it,
# seconds. Done once per version (a marker in the pulumi-jwk cache); the Go caches keep the result.
# Exit codes: 0 ok, 2 no Go toolchain, 3 download or build failed.
set -euo pipefail

PULUMI_VERSION="${PULUMI_VERSION:-3.259.0}"
CACHE_ROOT="${JWK_PULUMI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-jwk}"
MARKER="$CACHE_ROOT/go-sdk-v$PULUMI_VERSION.built"

log() { printf '[ensure-pulumi-go] %s\n' "$*" >&2; }
fail() { local code=$1; shift; printf '[ensure-pulumi-go] ERROR: %s\n' "$*" >&2; exit "$code"; }

command -v go >/dev/null 2>&1 || fail 2 "no Go toolchain on PATH: Go programs need go (>= 1.25) when they run"
if [ -f "$MARKER" ]; then
  log "Pulumi Go SDK v$PULUMI_VERSION already downloaded and compiled"
  exit 0
fi
log "downloading and compiling the Pulumi Go SDK v$PULUMI_VERSION (first time only; 1-3 minutes on 2 cores)"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# A program importing what programs and generated SDKs import: building it compiles exactly those packages.
cat >"$dir/main.go" <<'GO'
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() { pulumi.Run(func(ctx *pulumi.Context) error { _ = config.Get(ctx, "x"); return nil }) }
GO
if ! (cd "$dir" && go mod init local/pulumi-go-sdk && go get "github.com/pulumi/pulumi/sdk/v3@v$PULUMI_VERSION" &&
  go mod tidy && go build -o /dev/null .) >"$dir/build.log" 2>&1; then
  tail -20 "$dir/build.log" >&2
  fail 3 "could not download or compile github.com/pulumi/pulumi/sdk/v3@v$PULUMI_VERSION ($(go env GOPROXY))"
fi
mkdir -p "$CACHE_ROOT" && touch "$MARKER"
log "Pulumi Go SDK v$PULUMI_VERSION ready ($(go env GOMODCACHE), $(go env GOCACHE))"
