#!/usr/bin/env bash
# pkcs11js, the optional dependency behind the PKCS#11 custody backend, is a native addon that npm builds with
# node-gyp at install time. `npm ci` runs under the machine's own Node, whose headers node-gyp would download from
# nodejs.org, which a machine that reaches only package registries cannot: npm then drops the optional package
# without a word, and the TypeScript compile fails on its missing types. This builds it in place for the Node 24
# of node_modules, from the headers its `node` package ships, with the node-gyp already in node_modules. It does
# not run `npm install`, which would prune the platform package that `node` installs for itself.
# Usage (after npm ci, Node 24 first on PATH): bash scripts/ensure-pkcs11js.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
[ -f node_modules/pkcs11js/build/Release/pkcs11.node ] && exit 0

version="$(node -p 'require("./package.json").optionalDependencies.pkcs11js')"
headers="$(ls -d node_modules/node/node_modules/node-*/include/node 2>/dev/null | head -1 || true)"
if [ -z "$headers" ] || [ ! -f node_modules/node-gyp/bin/node-gyp.js ]; then
  echo "ensure-pkcs11js: Node's headers (node_modules/node) or node-gyp missing: run npm ci first" >&2
  exit 1
fi
platform="$ROOT/${headers%/include/node}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# node-gyp's --nodedir wants a Node source-tree layout: common.gypi and config.gypi at the top, headers in include/.
mkdir -p "$work/nodedir"
ln -s "$platform/include" "$work/nodedir/include"
ln -s "$platform/include/node/common.gypi" "$work/nodedir/common.gypi"
ln -s "$platform/include/node/config.gypi" "$work/nodedir/config.gypi"

echo "[ensure-pkcs11js] building pkcs11js@$version for node $(node --version) (first time only; about 10-30 s)" >&2
(cd "$work" && npm pack "pkcs11js@$version" --silent >/dev/null)
rm -rf node_modules/pkcs11js
mkdir -p node_modules/pkcs11js
tar -xzf "$work/pkcs11js-$version.tgz" -C node_modules/pkcs11js --strip-components=1
if ! (cd node_modules/pkcs11js && node "$ROOT/node_modules/node-gyp/bin/node-gyp.js" rebuild --nodedir="$work/nodedir") >"$work/build.log" 2>&1; then
  echo "ensure-pkcs11js: building pkcs11js failed (a C++ compiler and make are needed):" >&2
  tail -20 "$work/build.log" >&2
  rm -rf node_modules/pkcs11js
  exit 1
fi
node -e 'require("pkcs11js")' || { echo "ensure-pkcs11js: the built pkcs11js does not load" >&2; exit 1; }
