#!/usr/bin/env bash
# Runs a target example (examples/okta, examples/janssen, examples/pingone or examples/reachfive) with the pulumi
# CLI, as a user runs a Pulumi program.
#   bash scripts/example.sh okta|janssen|pingone|reachfive [--destroy]
#   bash scripts/example.sh private-key-jwt   (a local oidc-provider; see scripts/private-key-jwt.sh)
#   bash scripts/example.sh python-binding    (Python, on a real Ory Hydra; see scripts/python-binding.sh)
# With the vendor's variables set (Okta: OKTA_ORG_URL, OKTA_APP_ID, OKTA_API_TOKEN; Janssen: JANS_URL,
# JANS_TOKEN_URL, JANS_CLIENT_ID, JANS_CLIENT_SECRET; PingOne: PINGONE_ENVIRONMENT_ID, PINGONE_APPLICATION_ID,
# PINGONE_CLIENT_ID, PINGONE_CLIENT_SECRET, and PINGONE_REGION when not com; ReachFive: REACHFIVE_URL,
# REACHFIVE_CLIENT_ID, REACHFIVE_MANAGEMENT_CLIENT_ID, REACHFIVE_MANAGEMENT_CLIENT_SECRET) it manages that real app or server: `pulumi up --refresh`,
# then `pulumi preview --expect-no-changes` (or `pulumi destroy` with --destroy), state in .work/<name>-backend.
# Without them it starts the vendor's emulator (test/emulators/main.js prints its URL and test credentials as
# JSON), exports those variables and runs up, the no-change preview and (Janssen) destroy on a backend of its
# own that is deleted afterwards, since the emulator forgets everything when it stops.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
source "$ROOT/scripts/lib/program.sh"

NAME="${1:-}"
case "$NAME" in
  private-key-jwt) exec bash "$ROOT/scripts/private-key-jwt.sh" ;;
  python-binding) exec bash "$ROOT/scripts/python-binding.sh" ;;
  okta) VARS=(OKTA_ORG_URL OKTA_APP_ID OKTA_API_TOKEN) ;;
  janssen) VARS=(JANS_URL JANS_TOKEN_URL JANS_CLIENT_ID JANS_CLIENT_SECRET) ;;
  pingone) VARS=(PINGONE_ENVIRONMENT_ID PINGONE_APPLICATION_ID PINGONE_CLIENT_ID PINGONE_CLIENT_SECRET) ;;
  reachfive) VARS=(REACHFIVE_URL REACHFIVE_CLIENT_ID REACHFIVE_MANAGEMENT_CLIENT_ID REACHFIVE_MANAGEMENT_CLIENT_SECRET) ;;
  *) echo "usage: bash scripts/example.sh okta|janssen|pingone|reachfive [--destroy] | private-key-jwt | python-binding" >&2; exit 2 ;;
esac
DIR="$ROOT/examples/$NAME"
HOME_DIR="${JWK_EXAMPLES_HOME:-$ROOT/.work}"
real=true
for v in "${VARS[@]}"; do [ -n "${!v:-}" ] || real=false; done

step "preparing examples/$NAME"
pack_package
install_program "$DIR"

if $real; then
  select_stack "$DIR" "${JWK_EXAMPLES_STACK:-dev}" "$HOME_DIR/$NAME-backend"
  if [ "${2:-}" = "--destroy" ]; then
    step "pulumi destroy"
    exec pulumi -C "$DIR" destroy --yes
  fi
  step "pulumi up --refresh"
  pulumi -C "$DIR" up --refresh --yes
  step "pulumi preview --expect-no-changes"
  exec pulumi -C "$DIR" preview --expect-no-changes
fi

step "starting the $NAME emulator (no ${VARS[0]} etc. set)"
STACK="${JWK_EXAMPLES_STACK:-emulator}"
mkdir -p "$HOME_DIR"
SCRATCH=$(mktemp -d "$HOME_DIR/$NAME-emulator.XXXXXX")
node "$ROOT/dist/test/emulators/main.js" "$NAME" >"$SCRATCH/emulator.json" 2>"$SCRATCH/emulator.log" &
EMULATOR_PID=$!
cleanup() {
  local rc=$? emulator_rc=0
  kill "$EMULATOR_PID" 2>/dev/null
  wait "$EMULATOR_PID" 2>/dev/null || emulator_rc=$? # 3: a request or response broke the vendor's spec
  [ -s "$SCRATCH/emulator.log" ] && cat "$SCRATCH/emulator.log" >&2
  rm -rf "$SCRATCH" "$DIR/Pulumi.$STACK.yaml"
  [ "$emulator_rc" = 0 ] || { echo "ERROR: the $NAME emulator exited with $emulator_rc" >&2; [ "$rc" != 0 ] || rc=1; }
  exit "$rc"
}
trap cleanup EXIT
for _ in $(seq 100); do [ -s "$SCRATCH/emulator.json" ] && break; sleep 0.2; done
[ -s "$SCRATCH/emulator.json" ] || { echo "ERROR: the $NAME emulator did not start" >&2; exit 1; }
# The emulator's JSON line, as the variables a user would set for the real service.
eval "$(node -e '
  const e = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8").split("\n")[0]);
  const vars = e.vendor === "okta"
    ? { OKTA_ORG_URL: e.url, OKTA_APP_ID: e.appId, OKTA_API_TOKEN: e.apiToken }
    : e.vendor === "pingone"
    ? { PINGONE_ENVIRONMENT_ID: e.environmentId, PINGONE_APPLICATION_ID: e.applicationId, PINGONE_CLIENT_ID: e.clientId,
        PINGONE_CLIENT_SECRET: e.clientSecret, PINGONE_API_URL: e.apiUrl, PINGONE_AUTH_URL: e.authUrl }
    : e.vendor === "reachfive"
    ? { REACHFIVE_URL: e.url, REACHFIVE_CLIENT_ID: e.appClientId, REACHFIVE_MANAGEMENT_CLIENT_ID: e.clientId, REACHFIVE_MANAGEMENT_CLIENT_SECRET: e.clientSecret }
    : { JANS_URL: e.configApiUrl, JANS_TOKEN_URL: e.tokenUrl, JANS_CLIENT_ID: e.clientId, JANS_CLIENT_SECRET: e.clientSecret };
  for (const [k, v] of Object.entries(vars)) console.log(`export ${k}=${JSON.stringify(String(v))}`);
' "$SCRATCH/emulator.json")"
echo "emulator at ${OKTA_ORG_URL:-${JANS_URL:-${PINGONE_API_URL:-${REACHFIVE_URL:-}}}}" >&2

select_stack "$DIR" "$STACK" "$SCRATCH/backend"
step "pulumi up"
pulumi -C "$DIR" up --yes
step "pulumi preview --expect-no-changes"
pulumi -C "$DIR" preview --expect-no-changes
if [ "$NAME" = okta ]; then
  # Okta refuses to remove an app's ACTIVE encryption key (an admin turns ID token encryption off first), so
  # the emulator run ends here; the emulator and this run's state go away together.
  echo "Okta keeps an app's active encryption key: against a real app, turn ID token encryption off, then: bash scripts/example.sh okta --destroy" >&2
else
  step "pulumi destroy"
  pulumi -C "$DIR" destroy --yes
fi
