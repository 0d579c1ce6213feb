# Sourced by scripts/quickstart.sh and scripts/test.sh: everything a fresh machine needs, each step skipped
# when already done. Leaves PATH with Node 24 and the Pulumi engine first, offline Pulumi settings, and a
# compiled dist/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
step() { printf '\n==> %s\n' "$*" >&2; }

# 1. Dependencies, Node 24 among them (npm package `node`): the machine's Node 20 is too old for
#    @pulumi/pulumi 3.259, undici 8 and vitest 5. Reinstall when package-lock.json is newer than the install.
if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "installing dependencies (npm ci)"
  command -v npm >/dev/null 2>&1 || { echo "ERROR: npm is needed to install dependencies (any Node >= 18 with npm)" >&2; exit 2; }
  npm ci --no-audit --no-fund --loglevel=error
fi
# npm reads its global config (where a machine sets its registry CA file) from beside the node that runs it:
# keep the system npm's once Node 24 from node_modules/.bin comes first, or npm installs in program folders fail.
if [ -z "${NPM_CONFIG_GLOBALCONFIG:-}" ] && command -v npm >/dev/null 2>&1; then
  NPM_CONFIG_GLOBALCONFIG="$(npm config get globalconfig 2>/dev/null || true)"
  [ -n "$NPM_CONFIG_GLOBALCONFIG" ] && export NPM_CONFIG_GLOBALCONFIG
fi
export PATH="$ROOT/node_modules/.bin:$PATH"
# The PKCS#11 binding (optional dependency, native): npm ci cannot build it on a machine without nodejs.org.
bash "$ROOT/scripts/ensure-pkcs11js.sh"

# 2. The Pulumi engine (built once from the Go module proxy, cached outside the repo).
step "locating the Pulumi engine"
[ -x /usr/local/go/bin/go ] && ! command -v go >/dev/null 2>&1 && export PATH="$PATH:/usr/local/go/bin"
PULUMI_BIN="$(bash "$ROOT/scripts/ensure-pulumi.sh")"
export PATH="$PULUMI_BIN:$PATH"
# The Pulumi SDKs of the Python and Go programs of the plugin form (examples/*-quickstart, engine tests): a cached
# virtualenv with `pulumi` from PyPI (its path in JWK_PULUMI_PYTHON), the Go SDK downloaded and compiled once.
export JWK_PULUMI_PYTHON="$(bash "$ROOT/scripts/ensure-pulumi-python.sh")"
bash "$ROOT/scripts/ensure-pulumi-go.sh"

# 3. Offline settings: local file backends (set per stack), own PULUMI_HOME, no update check, no downloads.
export PULUMI_HOME="${PULUMI_HOME:-$ROOT/.work/pulumi-home}"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE-}"
mkdir -p "$PULUMI_HOME"
echo "pulumi $(pulumi version) at $(command -v pulumi); node $(node --version)" >&2

# 4. Compile (CommonJS into dist/; the engine loads the provider from there).
step "compiling TypeScript"
tsc -p "$ROOT/tsconfig.json"
# The `pulumi-jwk` bin: npm ci links it before tsc has written it, so npm could not mark it executable.
chmod +x "$ROOT/dist/provider/cli/main.js"
