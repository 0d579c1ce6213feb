#!/usr/bin/env bash
# Runs examples/rotation with the pulumi CLI, as a user runs a Pulumi program, with its JWKS folder served by a
# local HTTP server (127.0.0.1, port $JWK_ROTATION_PORT or 18787) passed to the program as `jwksUri`.
#   bash scripts/rotation-example.sh              one `pulumi up` now, then `pulumi preview --expect-no-changes`
#   bash scripts/rotation-example.sh --rehearse   a whole cycle on a throw-away stack with a pinned clock
#                                                  (PULUMI_JWK_NOW): ups at +0, +30m, +50m, +61m, +77m
#   bash scripts/rotation-example.sh --destroy    pulumi destroy
# State lives in .work/rotation-backend (JWK_EXAMPLES_HOME moves .work); the rehearsal's is deleted afterwards.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
source "$ROOT/scripts/lib/program.sh"

DIR="$ROOT/examples/rotation"
HOME_DIR="${JWK_EXAMPLES_HOME:-$ROOT/.work}"
PORT="${JWK_ROTATION_PORT:-18787}"
MODE="${1:-}"
mkdir -p "$HOME_DIR" "$DIR/out/.well-known"

step "preparing examples/rotation"
pack_package
install_program "$DIR"

if [ "$MODE" = "--rehearse" ]; then
  STACK="${JWK_EXAMPLES_STACK:-rehearsal}"
  BACKEND=$(mktemp -d "$HOME_DIR/rotation-rehearsal.XXXXXX")
else
  STACK="${JWK_EXAMPLES_STACK:-dev}"
  BACKEND="$HOME_DIR/rotation-backend"
fi
select_stack "$DIR" "$STACK" "$BACKEND"
if [ "$MODE" = "--destroy" ]; then
  step "pulumi destroy"
  exec pulumi -C "$DIR" destroy --yes
fi

step "serving $DIR/out on http://127.0.0.1:$PORT"
node -e '
  const [root, port] = process.argv.slice(1);
  require("http").createServer((req, res) => {
    const file = require("path").join(root, new URL(req.url, "http://x").pathname);
    require("fs").readFile(file, (err, body) => {
      if (err || !file.startsWith(root)) return res.writeHead(404).end();
      res.writeHead(200, { "content-type": "application/json", "cache-control": "max-age=600" }).end(body);
    });
  }).listen(Number(port), "127.0.0.1", () => console.error(`jwks served at http://127.0.0.1:${port}/.well-known/jwks.json`));
' "$DIR/out" "$PORT" &
SERVER_PID=$!
cleanup() {
  local rc=$?
  kill "$SERVER_PID" 2>/dev/null
  wait "$SERVER_PID" 2>/dev/null || true # killed by us: 143
  if [ "$MODE" = "--rehearse" ]; then rm -rf "$BACKEND" "$DIR/Pulumi.$STACK.yaml" "$DIR/out/.well-known/jwks.json"*; fi
  exit "$rc"
}
trap cleanup EXIT
sleep 0.5
kill -0 "$SERVER_PID" 2>/dev/null || { echo "ERROR: could not serve on 127.0.0.1:$PORT (set JWK_ROTATION_PORT)" >&2; exit 1; }
pulumi -C "$DIR" config set jwksUri "http://127.0.0.1:$PORT/.well-known/jwks.json" >&2

if [ "$MODE" = "--rehearse" ]; then
  start=$(date -u +%Y-%m-%dT%H:00:00Z)
  for minutes in 0 30 50 61 77; do
    export PULUMI_JWK_NOW=$(date -u -d "$start + $minutes minutes" +%Y-%m-%dT%H:%M:%SZ)
    step "pulumi up at $PULUMI_JWK_NOW (+${minutes}m)"
    pulumi -C "$DIR" up --yes --diff
    pulumi -C "$DIR" stack output schedule --json
  done
  step "pulumi destroy"
  pulumi -C "$DIR" destroy --yes
  exit 0
fi

step "pulumi up"
pulumi -C "$DIR" up --yes
step "pulumi preview --expect-no-changes"
pulumi -C "$DIR" preview --expect-no-changes
