#!/usr/bin/env bash
# The Python ClientKeyBinding example end to end, on a real Ory Hydra:
#   bash scripts/example.sh python-binding
# Uses the Hydra named by JWK_HYDRA_ADMIN_URL and JWK_HYDRA_PUBLIC_URL, else starts one on 127.0.0.1 (built
# once from the Go module proxy, scripts/ensure-hydra.sh) and stops it afterwards. Creates a client that
# authenticates with client_secret_basic, runs examples/python-binding with the pulumi CLI under the Python
# language host (up binds a generated ES256 key and switches the client to private_key_jwt), obtains an access
# token with the bound private key (token.py), rotates the key (keyGeneration=2), obtains one with the new key
# and checks the old one is refused, previews no change, destroys. State lives in a scratch backend deleted
# afterwards, with the client.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
source "$ROOT/scripts/lib/program.sh"
source "$ROOT/scripts/lib/language-program.sh"

DIR="$ROOT/examples/python-binding"
HOME_DIR="${JWK_EXAMPLES_HOME:-$ROOT/.work}"
STACK="${JWK_EXAMPLES_STACK:-local-hydra}"
step "preparing examples/python-binding"
prepare_python_program "$DIR"

if [ -z "${JWK_HYDRA_ADMIN_URL:-}" ] || [ -z "${JWK_HYDRA_PUBLIC_URL:-}" ]; then
  source "$ROOT/scripts/lib/servers.sh"
  JWK_SERVERS=hydra start_oauth_servers
  JWK_SERVERS=hydra wait_oauth_servers
fi
CLIENT_ID="python-binding-$(node -e 'console.log(require("crypto").randomBytes(6).toString("hex"))')"
TOKEN_ENDPOINT="$JWK_HYDRA_PUBLIC_URL/oauth2/token"
mkdir -p "$HOME_DIR"
SCRATCH=$(mktemp -d "$HOME_DIR/python-binding.XXXXXX")
hydra_admin() { curl -fsS -X "$1" "$JWK_HYDRA_ADMIN_URL/admin/clients$2" "${@:3}"; }
# Replaces servers.sh's exit trap: removes the client, then stops the Hydra this script started (if any).
cleanup() {
  local rc=$?
  hydra_admin DELETE "/$CLIENT_ID" >/dev/null 2>&1 || true
  rm -rf "$SCRATCH" "$DIR/Pulumi.$STACK.yaml"
  if declare -F stop_oauth_servers >/dev/null; then
    if [ "$rc" = 0 ]; then stop_oauth_servers; else (exit "$rc") || stop_oauth_servers; fi # its status: keep logs or not
  fi
  exit "$rc"
}
trap cleanup EXIT

step "creating Hydra client $CLIENT_ID (client_secret_basic, client_credentials)"
hydra_admin POST "" -H 'content-type: application/json' -o /dev/null -d "{\"client_id\":\"$CLIENT_ID\",
  \"grant_types\":[\"client_credentials\"],\"token_endpoint_auth_method\":\"client_secret_basic\"}"
echo "hydra at $JWK_HYDRA_PUBLIC_URL, client $CLIENT_ID" >&2

select_stack "$DIR" "$STACK" "$SCRATCH/backend"
pulumi -C "$DIR" config set hydraAdminUrl "$JWK_HYDRA_ADMIN_URL"
pulumi -C "$DIR" config set clientId "$CLIENT_ID"
# token.py: the token endpoint, the client, and how to start the pulumi-jwk CLI of this checkout.
export TOKEN_ENDPOINT CLIENT_ID JWK_CLI="node $ROOT/dist/provider/cli/main.js"
token() { (cd "$DIR" && venv/bin/python token.py "$@"); }

step "pulumi up (bind a new ES256 key to the client, switch it to private_key_jwt)"
pulumi -C "$DIR" up --yes
step "client_credentials token with the bound private key"
token
(umask 077 && pulumi -C "$DIR" stack output privateJwk --show-secrets --json >"$SCRATCH/first-key.json")
step "rotate: keyGeneration=2 (new key bound, old one removed in one up)"
pulumi -C "$DIR" config set keyGeneration 2
pulumi -C "$DIR" up --yes
token
if token "$SCRATCH/first-key.json"; then
  echo "ERROR: the rotated-out key still obtained a token" >&2
  exit 1
fi
step "pulumi preview --expect-no-changes"
pulumi -C "$DIR" preview --expect-no-changes
step "pulumi destroy (removes the bound key; the client is left with private_key_jwt and no key, and says so)"
pulumi -C "$DIR" destroy --yes
