#!/usr/bin/env bash
# The private-key-jwt example end to end, on a local oidc-provider (a real OAuth server, started here):
#   bash scripts/example.sh private-key-jwt
# starts oidc-provider on 127.0.0.1 (test/oauth/main.js registers a client and prints its registration as JSON),
# runs `pulumi up` in examples/private-key-jwt (a generated ES256 key bound to the client, auth method switched to
# private_key_jwt), obtains an access token with the bound private key (token.mjs), rotates the key
# (keyGeneration=2) and obtains a token with the new one, destroys, and stops the server. State lives in a
# scratch backend deleted afterwards, since the server forgets its clients when it stops.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
source "$ROOT/scripts/lib/program.sh"

DIR="$ROOT/examples/private-key-jwt"
HOME_DIR="${JWK_EXAMPLES_HOME:-$ROOT/.work}"
STACK="${JWK_EXAMPLES_STACK:-local-op}"
step "preparing examples/private-key-jwt"
pack_package
install_program "$DIR"

step "starting oidc-provider on 127.0.0.1"
mkdir -p "$HOME_DIR"
SCRATCH=$(mktemp -d "$HOME_DIR/private-key-jwt.XXXXXX")
node "$ROOT/dist/test/oauth/main.js" >"$SCRATCH/op.json" 2>"$SCRATCH/op.log" &
OP_PID=$!
cleanup() {
  local rc=$? op_rc=0
  kill "$OP_PID" 2>/dev/null
  wait "$OP_PID" 2>/dev/null || op_rc=$? # 3: a request body carried private key material
  [ "$op_rc" = 0 ] || { grep -v WARNING "$SCRATCH/op.log" >&2; echo "ERROR: oidc-provider exited with $op_rc" >&2; [ "$rc" != 0 ] || rc=1; }
  rm -rf "$SCRATCH" "$DIR/Pulumi.$STACK.yaml"
  exit "$rc"
}
trap cleanup EXIT
for _ in $(seq 100); do [ -s "$SCRATCH/op.json" ] && break; sleep 0.2; done
[ -s "$SCRATCH/op.json" ] || { cat "$SCRATCH/op.log" >&2; echo "ERROR: oidc-provider did not start" >&2; exit 1; }
eval "$(node -e '
  const o = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8").split("\n")[0]);
  const vars = { OIDC_ISSUER: o.issuer, OIDC_TOKEN_ENDPOINT: o.tokenEndpoint, OIDC_CLIENT_ID: o.clientId,
    OIDC_REGISTRATION_CLIENT_URI: o.registrationClientUri, REGISTRATION_ACCESS_TOKEN: o.registrationAccessToken };
  for (const [k, v] of Object.entries(vars)) console.log(`export ${k}=${JSON.stringify(String(v))}`);
' "$SCRATCH/op.json")"
echo "oidc-provider at $OIDC_ISSUER, client $OIDC_CLIENT_ID" >&2

select_stack "$DIR" "$STACK" "$SCRATCH/backend"
step "pulumi up (bind a new ES256 key to the client)"
pulumi -C "$DIR" up --yes
step "client_credentials token with the bound private key"
(cd "$DIR" && node token.mjs)
step "rotate: keyGeneration=2 (new key bound, old one removed in one up)"
pulumi -C "$DIR" config set keyGeneration 2
pulumi -C "$DIR" up --yes
(cd "$DIR" && node token.mjs)
step "pulumi preview --expect-no-changes"
pulumi -C "$DIR" preview --expect-no-changes
step "pulumi destroy (removes the bound key; the client is left with private_key_jwt and no key, and says so)"
pulumi -C "$DIR" destroy --yes
