#!/usr/bin/env bash
# Checks the SDKs generated from the plugin's schema against programs that use them, as a user's editor and
# compiler would: the Python programs type-check with mypy (--strict) on the generated `pulumi_jwk`, the Go
# programs compile (go build, go vet) on the generated `jwk` package. Nothing runs and no stack is touched.
#   bash scripts/check-sdks.sh
# Checked by default: examples/python-quickstart, examples/python-binding and test/fixtures/sdk-programs/python
# (Python), examples/go-quickstart and test/fixtures/sdk-programs/go (Go); the fixtures use every resource the
# plugin serves, as a user writes them (KeyRotation's keys bound to a client, the vendors' own resources), which
# the check requires (each `jwk:index:<Name>` used as `jwk.<Name>(` in Python and `jwk.New<Name>(` in Go). JWK_CHECK_PYTHON_DIRS and
# JWK_CHECK_GO_DIRS (space-separated folders) check other programs instead, without that requirement.
# Go programs are compiled in a scratch copy with examples/go-quickstart's go.mod and go.sum.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
source "$ROOT/scripts/lib/language-program.sh"

MYPY_VENV="$(bash "$ROOT/scripts/ensure-mypy.sh")"
custom=false
[ -n "${JWK_CHECK_PYTHON_DIRS:-}${JWK_CHECK_GO_DIRS:-}" ] && custom=true
read -r -a python_dirs <<<"${JWK_CHECK_PYTHON_DIRS-$ROOT/examples/python-quickstart $ROOT/examples/python-binding $ROOT/test/fixtures/sdk-programs/python}"
read -r -a go_dirs <<<"${JWK_CHECK_GO_DIRS-$ROOT/examples/go-quickstart $ROOT/test/fixtures/sdk-programs/go}"
$custom && { [ -n "${JWK_CHECK_PYTHON_DIRS:-}" ] || python_dirs=(); [ -n "${JWK_CHECK_GO_DIRS:-}" ] || go_dirs=(); }
failed=0

for dir in "${python_dirs[@]}"; do
  step "mypy --strict ${dir#"$ROOT"/} (generated pulumi_jwk)"
  prepare_python_program "$dir"
  # The program's own interpreter: mypy sees what it imports (the SDK, and the Pulumi SDK through the .pth file).
  (cd "$dir" && "$MYPY_VENV/bin/mypy" --strict --python-executable "$dir/venv/bin/python" \
    --cache-dir "$dir/venv/.mypy_cache" ./*.py) || failed=1
done

mkdir -p "$ROOT/.work" && scratch=$(mktemp -d "$ROOT/.work/check-sdks.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
for dir in "${go_dirs[@]}"; do
  step "go build, go vet ${dir#"$ROOT"/} (generated jwk)"
  copy="$scratch/$(basename "$dir")-$RANDOM"
  mkdir -p "$copy" && cp "$dir"/*.go "$copy/" && cp "$ROOT/examples/go-quickstart/go."{mod,sum} "$copy/"
  prepare_go_program "$copy"
  (cd "$copy" && go build -o /dev/null . && go vet . && echo "compiled") || failed=1
done

if ! $custom; then
  step "every resource the plugin serves is used"
  resources=$(node -e 'const s = require(process.argv[1]).packageSchema();
    console.log(Object.keys(s.resources).map((t) => t.split(":").pop()).join(" "))' \
    "$JWK_PLUGIN_DIR/dist/provider/plugin/schema/index.js")
  for name in $resources; do
    # grep on the files, not `cat | grep -q`: grep -q stops at the first match and pipefail fails the pipe.
    grep -q "jwk\.$name(" "${python_dirs[@]/%//__main__.py}" || { echo "ERROR: no Python program uses $name" >&2; failed=1; }
    grep -q "jwk\.New$name(" "${go_dirs[@]/%//main.go}" || { echo "ERROR: no Go program uses $name" >&2; failed=1; }
  done
  echo "resources: $resources"
fi
[ "$failed" = 0 ] || { echo "ERROR: an SDK check failed (above)" >&2; exit 1; }
echo "SDK check passed"
