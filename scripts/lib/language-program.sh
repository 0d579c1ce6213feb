# Sourced after scripts/setup.sh: prepares a Python or Go program folder that uses the plugin form of pulumi-jwk
# through an SDK `pulumi package gen-sdk` generates from the plugin's schema (the examples/*-quickstart and
# examples/python-binding folders, the engine tests' program folders, bench/languages). Regenerated on every run
# (about 2 s): the SDK always matches the plugin's schema.
#
# What a user does instead is `pulumi package add ./node_modules/pulumi-jwk` (docs/other-languages.md), which
# generates the same SDK and installs it: pip-installs it into the program's virtualenv (Python) or adds a replace
# line to go.mod (Go). Here the Python program's virtualenv holds only the generated SDK: a .pth file adds the
# cached one with the Pulumi SDK (scripts/ensure-pulumi-python.sh), so a fresh program folder costs no download and
# no pip install of grpcio and the like.

# The plugin: the package root (PulumiPlugin.yaml beside package.json), the one place these scripts name it.
JWK_PLUGIN_DIR="${JWK_PLUGIN_DIR:-$ROOT}"
# The Pulumi Go SDK the generated Go SDK requires: the engine's version.
JWK_GO_SDK_VERSION="${PULUMI_VERSION:-3.259.0}"

# Generates the SDK for language $2 into $1/sdks/$2 (replacing an older one), from the schema the plugin serves
# (packageSchema() of its compiled schema module, written to $1/sdks/schema.json). Not `gen-sdk <plugin folder>`:
# that starts the plugin after an `npm install` in its folder, which at a checkout's root rewrites package-lock.json
# and node_modules under the engine tests running beside it.
generate_sdk() {
  local dir=$1 lang=$2
  rm -rf "$dir/sdks/$lang"
  mkdir -p "$dir/sdks"
  node -e 'process.stdout.write(JSON.stringify(require(process.argv[1]).packageSchema(), null, 2))' \
    "$JWK_PLUGIN_DIR/dist/provider/plugin/schema/index.js" >"$dir/sdks/schema.json" ||
    { echo "ERROR: no schema from $JWK_PLUGIN_DIR/dist/provider/plugin/schema (compiled? npm run build)" >&2; return 1; }
  pulumi package gen-sdk "$dir/sdks/schema.json" --language "$lang" --out "$dir/sdks" >/dev/null ||
    { echo "ERROR: pulumi package gen-sdk $dir/sdks/schema.json --language $lang failed" >&2; return 1; }
}

# A Python program folder ($1, its Pulumi.yaml naming `virtualenv: venv`): the SDK generated into sdks/python and
# pip-installed into venv/, which sees the cached Pulumi SDK ($JWK_PULUMI_PYTHON, from setup.sh) through a .pth
# file. Installed, not only put on the path: the SDK reads its own version from its installed metadata.
prepare_python_program() {
  local dir=$1 base=$JWK_PULUMI_PYTHON
  generate_sdk "$dir" python
  [ -x "$dir/venv/bin/python" ] || python3 -m venv --without-pip "$dir/venv" >&2
  "$base/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])' \
    >"$("$dir/venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/pulumi-jwk-program.pth"
  "$base/bin/python" -m pip --python "$dir/venv/bin/python" install --disable-pip-version-check --quiet \
    --no-deps --no-build-isolation --force-reinstall "$dir/sdks/python" >&2 ||
    { echo "ERROR: pip install of the generated SDK $dir/sdks/python failed" >&2; return 1; }
}

# A Go program folder ($1, its go.mod replacing the SDK's module with ./sdks/jwk): the SDK laid out as
# `pulumi package add` lays it out, so the program's go.mod holds the very replace line that command writes:
# sdks/jwk/go.mod for the module one folder above the package (github.com/.../sdk/go), the package `jwk` in
# sdks/jwk/jwk. gen-sdk writes neither go.mod nor that folder (it writes the package into sdks/go).
prepare_go_program() {
  local dir=$1 package
  generate_sdk "$dir" go
  package=$(sed -n 's|^[[:space:]]*"\(.*\)/internal"$|\1|p' "$dir/sdks/go/init.go" | head -1)
  [ -n "$package" ] || { echo "ERROR: no import path found in $dir/sdks/go/init.go" >&2; return 1; }
  rm -rf "$dir/sdks/jwk" && mkdir -p "$dir/sdks/jwk" && mv "$dir/sdks/go" "$dir/sdks/jwk/${package##*/}"
  printf 'module %s\n\ngo 1.25\n\nrequire github.com/pulumi/pulumi/sdk/v3 v%s\n' "${package%/*}" "$JWK_GO_SDK_VERSION" >"$dir/sdks/jwk/go.mod"
}
