#!/usr/bin/env bash
# Makes a real Pulumi engine and its Node.js language host available offline and prints where they are.
#
# Why: the npm `pulumi` package downloads the CLI at run time and Debian has none, but the Go module
# proxy is reachable, so we build the CLI and the language host from source once and cache the result
# outside the repo, keyed by version.
#
# Output: one line on stdout, a PATH fragment (`dir` or `dir1:dir2`) holding `pulumi`,
# `pulumi-language-nodejs`, `pulumi-language-yaml`, `pulumi-language-python` (with its two scripts) and
# `pulumi-language-go` (the multi-language checks of the plugin form) and the dynamic-provider shim; progress and
# errors on stderr.
# Exit codes: 0 ok, 2 missing Go toolchain, 3 module download failed, 4 build failed,
# 5 no way to get the Node.js language host, 6 no way to get the YAML language host, 7 no way to get the Python
# or Go language host.
set -euo pipefail

PULUMI_VERSION="${PULUMI_VERSION:-3.259.0}"
# The language host module has no version tag; this pseudo-version is the commit of tag pkg/v3.259.0.
LANGUAGE_NODEJS_PSEUDO="${LANGUAGE_NODEJS_PSEUDO:-v3.0.0-20260820084410-a05d88f24d05}"
LANGUAGE_NODEJS_MODULE="github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3"
CACHE_ROOT="${JWK_PULUMI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-jwk}"
PREFIX="$CACHE_ROOT/pulumi-v$PULUMI_VERSION"
BIN="$PREFIX/bin"
# The YAML language host is its own module with its own versions (github.com/pulumi/pulumi-yaml).
PULUMI_YAML_VERSION="${PULUMI_YAML_VERSION:-1.38.1}"
YAML_BIN="$CACHE_ROOT/pulumi-yaml-v$PULUMI_YAML_VERSION/bin"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# The language host's unchanged source, beside the repository (see its PROVENANCE.md).
SHARED_LANGUAGE_NODEJS="${JWK_SHARED_DIR:-$HERE/../../shared}/pulumi-language-nodejs"
# The Python and Go hosts have no module version the proxy serves (see PROVENANCE.md in each): their unchanged
# source, with a go.mod of plain requirements, is beside the repository.
SHARED_DIR="${JWK_SHARED_DIR:-$HERE/../../shared}"

log() { printf '[ensure-pulumi] %s\n' "$*" >&2; }
fail() { local code=$1; shift; printf '[ensure-pulumi] ERROR: %s\n' "$*" >&2; exit "$code"; }

version_ok() { # $1 = path to a pulumi binary; true when it reports at least PULUMI_VERSION
  local v
  v=$("$1" version 2>/dev/null | sed 's/^v//') || return 1
  [ -n "$v" ] && [ "$(printf '%s\n%s\n' "$PULUMI_VERSION" "$v" | sort -V | head -1)" = "$PULUMI_VERSION" ]
}

install_shim() { # the dynamic-provider plugin the engine looks for next to `pulumi`
  # Replaced only when it differs, and by rename: other runs may be executing the installed copy right now.
  cmp -s "$HERE/pulumi-resource-pulumi-nodejs" "$1/pulumi-resource-pulumi-nodejs" && return 0
  cp "$HERE/pulumi-resource-pulumi-nodejs" "$1/.pulumi-resource-pulumi-nodejs.$$"
  chmod +x "$1/.pulumi-resource-pulumi-nodejs.$$"
  mv -f "$1/.pulumi-resource-pulumi-nodejs.$$" "$1/pulumi-resource-pulumi-nodejs"
}

need_go() {
  command -v go >/dev/null 2>&1 ||
    fail 2 "no Go toolchain on PATH: the Pulumi engine and language host are built from source with Go >= 1.24 (install Go, or put a Pulumi installation >= v$PULUMI_VERSION on PATH)"
}

work=""
scratch() { # a temporary directory removed on exit
  [ -n "$work" ] || { work=$(mktemp -d); trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT; }
  mktemp -d -p "$work"
}

# The version ldflag is required: Automation API parses `pulumi version`, the engine checks the host's.
LDFLAGS="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION"

build_engine() {
  need_go
  log "building pulumi v$PULUMI_VERSION from the Go module proxy (first time only; about 4 minutes on 2 cores)"
  mkdir -p "$BIN"
  local dir; dir=$(scratch)
  # `go install pkg@v` refuses modules with replace directives, so a wrapper module pins the tool.
  if ! (cd "$dir" && go mod init local/pulumi-cli && go get -tool "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v$PULUMI_VERSION") >"$dir/get.log" 2>&1; then
    tail -20 "$dir/get.log" >&2
    fail 3 "could not download github.com/pulumi/pulumi/pkg/v3@v$PULUMI_VERSION from the Go module proxy ($(go env GOPROXY))"
  fi
  if ! (cd "$dir" && CGO_ENABLED=0 go build -trimpath -tags osusergo,grpcnotrace -ldflags "$LDFLAGS" \
    -o "$BIN/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi) >"$dir/build.log" 2>&1; then
    tail -30 "$dir/build.log" >&2
    fail 4 "go build of the pulumi CLI v$PULUMI_VERSION failed (log above)"
  fi
  mv "$BIN/pulumi.tmp" "$BIN/pulumi"
}

# Builds the language host into $BIN: from the Go proxy by pseudo-version, else from the shared source.
build_language_host() {
  need_go
  mkdir -p "$BIN"
  local dir; dir=$(scratch)
  log "building pulumi-language-nodejs v$PULUMI_VERSION (first time only; about 1-2 minutes)"
  if (cd "$dir" && go mod init local/pulumi-language-nodejs && go get -tool "$LANGUAGE_NODEJS_MODULE@$LANGUAGE_NODEJS_PSEUDO" &&
    CGO_ENABLED=0 go build -trimpath -tags osusergo,grpcnotrace -ldflags "$LDFLAGS" -o "$BIN/pulumi-language-nodejs.tmp" "$LANGUAGE_NODEJS_MODULE") >"$dir/proxy.log" 2>&1; then
    log "built pulumi-language-nodejs from the Go module proxy ($LANGUAGE_NODEJS_MODULE@$LANGUAGE_NODEJS_PSEUDO)"
  elif [ -f "$SHARED_LANGUAGE_NODEJS/go.mod" ]; then
    log "the Go module proxy does not serve $LANGUAGE_NODEJS_MODULE ($(grep -m1 -oE '[0-9]{3} [A-Za-z ]+' "$dir/proxy.log" || echo "see below")); building from $SHARED_LANGUAGE_NODEJS"
    local src; src=$(scratch)
    cp -R "$SHARED_LANGUAGE_NODEJS/." "$src/" && chmod -R u+w "$src"
    if ! (cd "$src" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -tags osusergo,grpcnotrace -ldflags "$LDFLAGS" \
      -o "$BIN/pulumi-language-nodejs.tmp" .) >"$src/build.log" 2>&1; then
      tail -30 "$src/build.log" >&2
      fail 4 "go build of pulumi-language-nodejs from $SHARED_LANGUAGE_NODEJS failed (log above)"
    fi
  else
    tail -5 "$dir/proxy.log" >&2
    fail 5 "pulumi-language-nodejs is missing: the Go module proxy ($(go env GOPROXY)) did not provide $LANGUAGE_NODEJS_MODULE@$LANGUAGE_NODEJS_PSEUDO and there is no source at $SHARED_LANGUAGE_NODEJS (a Pulumi installation brings it: put its directory on PATH)"
  fi
  mv "$BIN/pulumi-language-nodejs.tmp" "$BIN/pulumi-language-nodejs"
}

# Builds pulumi-language-yaml into $YAML_BIN. The wrapper module pins the engine SDKs to the engine's version,
# which pulumi-yaml's own go.mod may name older.
build_language_yaml() {
  need_go
  mkdir -p "$YAML_BIN"
  local dir; dir=$(scratch)
  log "building pulumi-language-yaml v$PULUMI_YAML_VERSION from the Go module proxy (first time only; about 1-3 minutes)"
  if ! (cd "$dir" && go mod init local/pulumi-language-yaml &&
    go get -tool "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@v$PULUMI_YAML_VERSION" &&
    go get "github.com/pulumi/pulumi/pkg/v3@v$PULUMI_VERSION" "github.com/pulumi/pulumi/sdk/v3@v$PULUMI_VERSION" &&
    go mod tidy) >"$dir/get.log" 2>&1; then
    tail -5 "$dir/get.log" >&2
    fail 6 "pulumi-language-yaml is missing: could not download github.com/pulumi/pulumi-yaml@v$PULUMI_YAML_VERSION from the Go module proxy ($(go env GOPROXY)) (a Pulumi installation brings it: put its directory on PATH)"
  fi
  if ! (cd "$dir" && CGO_ENABLED=0 go build -trimpath -tags osusergo,grpcnotrace \
    -o "$YAML_BIN/pulumi-language-yaml.tmp" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml) >"$dir/build.log" 2>&1; then
    tail -30 "$dir/build.log" >&2
    fail 4 "go build of pulumi-language-yaml v$PULUMI_YAML_VERSION failed (log above)"
  fi
  mv "$YAML_BIN/pulumi-language-yaml.tmp" "$YAML_BIN/pulumi-language-yaml"
  log "built pulumi-language-yaml v$PULUMI_YAML_VERSION into $YAML_BIN"
}

# Builds pulumi-language-$1 (python or go) into $BIN from $SHARED_DIR/pulumi-language-$1, and installs the
# scripts the host expects beside its binary (Python: the program executor and the dynamic-provider shim).
build_language_from_shared() {
  local lang=$1 src_dir="$SHARED_DIR/pulumi-language-$1"
  need_go
  [ -f "$src_dir/go.mod" ] ||
    fail 7 "pulumi-language-$lang is missing: no source at $src_dir (the Go module proxy serves no version of it; a Pulumi installation brings it: put its directory on PATH)"
  mkdir -p "$BIN"
  local src; src=$(scratch)
  log "building pulumi-language-$lang v$PULUMI_VERSION from $src_dir (first time only; about 10 s with the engine's build cache, 2-3 minutes without)"
  cp -R "$src_dir/." "$src/" && chmod -R u+w "$src"
  if ! (cd "$src" && CGO_ENABLED=0 go build -trimpath -tags osusergo,grpcnotrace -ldflags "$LDFLAGS" \
    -o "$BIN/pulumi-language-$lang.tmp" .) >"$src/build.log" 2>&1; then
    tail -30 "$src/build.log" >&2
    fail 4 "go build of pulumi-language-$lang from $src_dir failed (log above)"
  fi
  if [ "$lang" = python ]; then
    install -m 755 "$src/pulumi-language-python-exec" "$src/pulumi-resource-pulumi-python" "$BIN/"
  fi
  mv "$BIN/pulumi-language-$lang.tmp" "$BIN/pulumi-language-$lang"
  log "built pulumi-language-$lang into $BIN"
}

# 1. The engine: a recent-enough pulumi on PATH (outside our cache) wins, else our cache, else a build.
engine_dir=""
if existing=$(command -v pulumi 2>/dev/null) && [ "$(dirname "$existing")" != "$BIN" ] && version_ok "$existing"; then
  engine_dir=$(dirname "$existing")
  log "using pulumi on PATH: $existing ($("$existing" version))"
elif [ -x "$BIN/pulumi" ] && version_ok "$BIN/pulumi"; then
  engine_dir="$BIN"
  log "using cached pulumi $("$BIN/pulumi" version) in $BIN"
else
  build_engine
  engine_dir="$BIN"
  log "built $("$BIN/pulumi" version) into $BIN"
fi

# 2. The language host: next to that pulumi (a Pulumi installation has it), else our cache, else a build.
lang_dir=""
if [ -x "$engine_dir/pulumi-language-nodejs" ]; then
  lang_dir="$engine_dir"
elif [ -x "$BIN/pulumi-language-nodejs" ]; then
  lang_dir="$BIN"
  log "using cached pulumi-language-nodejs in $BIN"
else
  build_language_host
  lang_dir="$BIN"
fi

# 3. The YAML language host: next to that pulumi, else our cache, else a build.
yaml_dir=""
if [ -x "$engine_dir/pulumi-language-yaml" ]; then
  yaml_dir="$engine_dir"
elif [ -x "$YAML_BIN/pulumi-language-yaml" ]; then
  yaml_dir="$YAML_BIN"
  log "using cached pulumi-language-yaml v$PULUMI_YAML_VERSION in $YAML_BIN"
else
  build_language_yaml
  yaml_dir="$YAML_BIN"
fi

# 4. The Python and Go language hosts: next to that pulumi, else our cache, else a build from ../shared.
#    The Python host refuses to start without pulumi-language-python-exec beside it: both must be there.
extra_dirs=()
for lang in python go; do
  if [ -x "$engine_dir/pulumi-language-$lang" ]; then
    extra_dirs+=("$engine_dir")
  elif [ -x "$BIN/pulumi-language-$lang" ] && { [ "$lang" != python ] || [ -x "$BIN/pulumi-language-python-exec" ]; }; then
    extra_dirs+=("$BIN")
  else
    build_language_from_shared "$lang"
    extra_dirs+=("$BIN")
  fi
done

# 5. The dynamic-provider shim next to the engine (or in our cache when that directory is not ours to write).
shim_dir="$engine_dir"
[ -w "$shim_dir" ] || shim_dir="$BIN"
mkdir -p "$shim_dir"
install_shim "$shim_dir"

# The engine warns on every run about a language host found on PATH rather than beside it: link ours there.
if [ "$yaml_dir" != "$engine_dir" ] && [ "$engine_dir" = "$BIN" ]; then
  ln -sfn "$yaml_dir/pulumi-language-yaml" "$BIN/pulumi-language-yaml"
  yaml_dir="$BIN"
fi

# The engine finds plugins next to itself first, then on PATH: one fragment covers both cases.
printf '%s\n' "$(printf '%s\n' "$engine_dir" "$lang_dir" "$yaml_dir" "${extra_dirs[@]}" "$shim_dir" | awk '!seen[$0]++' | paste -sd:)"
