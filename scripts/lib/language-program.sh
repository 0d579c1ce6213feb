# Sourced after scripts/setup.sh: prepares a Python or Go program folder that uses the plugin form of pulumi-jwk
# through an SDK `pulumi package gen-sdk` generates from the plugin (the examples/*-quickstart folders, the
# engine tests' program folders). Regenerated on every run (about 2 s): the SDK always matches the plugin's schema.
#
# What a user does instead is `pulumi package add <plugin folder>` (docs/other-languages.md), which generates the
# same SDK and installs it: pip-installs it into the program's virtualenv (Python) or adds a replace line to go.mod
# (Go). Here the Python program's virtualenv holds only the generated SDK: a .pth file adds the cached one with the
# Pulumi SDK (scripts/ensure-pulumi-python.sh), so a fresh program folder costs no download and no pip install of
# grpcio and the like.

# The plugin folder (PulumiPlugin.yaml): the one place these scripts name it.
JWK_PLUGIN_DIR="${JWK_PLUGIN_DIR:-$ROOT/plugin}"
# The Pulumi Go SDK the generated Go SDK requires: the engine's version.
JWK_GO_SDK_VERSION="${PULUMI_VERSION:-3.259.0}"

# Generates the SDK for language $2 into $1/sdks/$2 (replacing an older one).
generate_sdk() {
  local dir=$1 lang=$2
  rm -rf "$dir/sdks/$lang"
  pulumi package gen-sdk "$JWK_PLUGIN_DIR" --language "$lang" --out "$dir/sdks" >/dev/null ||
    { echo "ERROR: pulumi package gen-sdk $JWK_PLUGIN_DIR --language $lang failed" >&2; return 1; }
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

# A Go program folder ($1, its go.mod replacing the SDK's module with ./sdks/go): the SDK in sdks/go, with the
# go.mod gen-sdk does not write (module path: the one the generated code imports itself by).
prepare_go_program() {
  local dir=$1 module
  generate_sdk "$dir" go
  module=$(sed -n 's|^[[:space:]]*"\(.*\)/jwk/internal"$|\1|p' "$dir/sdks/go/jwk/init.go" | head -1)
  [ -n "$module" ] || { echo "ERROR: no module path found in $dir/sdks/go/jwk/init.go" >&2; return 1; }
  printf 'module %s\n\ngo 1.25\n\nrequire github.com/pulumi/pulumi/sdk/v3 v%s\n' "$module" "$JWK_GO_SDK_VERSION" >"$dir/sdks/go/go.mod"
}
