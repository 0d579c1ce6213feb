# Real OAuth servers for the ClientKeyBinding engine tests: Keycloak and Ory Hydra, installed by
# scripts/ensure-keycloak.sh and scripts/ensure-hydra.sh (cached outside the repo), started once per test run
# on free loopback ports, and stopped when the sourcing shell exits. Sourced after scripts/setup.sh (node on
# PATH). Keycloak takes 30-90 s to start, so `start_oauth_servers` returns at once and the caller does other
# work (unit tests) before `wait_oauth_servers`.
#
# What the tests read (exported by wait_oauth_servers):
#   JWK_KEYCLOAK_URL                  base URL, e.g. http://127.0.0.1:41234
#   JWK_KEYCLOAK_ADMIN_USERNAME/_PASSWORD  the bootstrap admin of the master realm (random password per run)
#   JWK_KEYCLOAK_CERTS_URL            the master realm's public JWKS (.../protocol/openid-connect/certs)
#   JWK_HYDRA_ADMIN_URL, JWK_HYDRA_PUBLIC_URL
#   JWK_OPENBAO_ADDR, JWK_OPENBAO_TOKEN  an OpenBao dev server with transit enabled (key custody tests; random
#                                     root token per run, kept out of any file by -dev-no-store-token)
#   JWK_MOTO_URL                      moto's server (AWS KMS, Secrets Manager), e.g. http://127.0.0.1:41235
#   JWK_SOFTHSM_MODULE, SOFTHSM2_CONF, JWK_SOFTHSM_TOKEN, JWK_SOFTHSM_PIN
#                                     SoftHSM2 (no server: a PKCS#11 module) with one token initialised for this run
#                                     in its own folder (random PIN), for the pkcs11: custody tests
# JWK_SERVERS (default "keycloak hydra openbao moto softhsm") chooses which to start.

_servers_run=""
_servers_pids=()

_free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

_random_secret() { node -e 'console.log(require("crypto").randomBytes(24).toString("base64url"))'; }

# Starts one server in its own session (its pid is the process group stopping kills: kc.sh runs java) and
# sets _spawned to its pid.
_spawn() { # $1 = log file, rest = command
  local log=$1; shift
  setsid "$@" >"$log" 2>&1 </dev/null &
  _spawned=$!
  _servers_pids+=("$_spawned")
}

start_oauth_servers() {
  local wanted="${JWK_SERVERS:-keycloak hydra openbao moto softhsm}"
  _servers_run="$ROOT/.work/servers/run-$$"
  mkdir -p "$_servers_run"
  trap stop_oauth_servers EXIT
  trap 'exit 130' INT TERM

  if [[ " $wanted " == *" keycloak "* ]]; then
    local kc_home kc_port
    kc_home="$(bash "$ROOT/scripts/ensure-keycloak.sh")"
    kc_port="$(_free_port)"
    export JWK_KEYCLOAK_URL="http://127.0.0.1:$kc_port"
    export JWK_KEYCLOAK_ADMIN_USERNAME=admin
    JWK_KEYCLOAK_ADMIN_PASSWORD="$(_random_secret)"
    export JWK_KEYCLOAK_ADMIN_PASSWORD
    export JWK_KEYCLOAK_CERTS_URL="$JWK_KEYCLOAK_URL/realms/master/protocol/openid-connect/certs"
    printf '==> keycloak: starting on %s (log: %s)\n' "$JWK_KEYCLOAK_URL" "$_servers_run/keycloak.log" >&2
    # The heap is capped (Keycloak otherwise sizes it from the machine's RAM); C1-only JIT starts faster on
    # small machines; the transaction log goes to this run's folder, not the shared install.
    _spawn "$_servers_run/keycloak.log" env \
      KC_BOOTSTRAP_ADMIN_USERNAME="$JWK_KEYCLOAK_ADMIN_USERNAME" KC_BOOTSTRAP_ADMIN_PASSWORD="$JWK_KEYCLOAK_ADMIN_PASSWORD" \
      JAVA_OPTS_KC_HEAP="${JWK_KEYCLOAK_HEAP:--Xms64m -Xmx384m}" \
      JAVA_OPTS_APPEND="-XX:TieredStopAtLevel=1 -Dquarkus.transaction-manager.object-store.directory=$_servers_run/keycloak-tx" \
      "$kc_home/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port="$kc_port" --db=dev-mem
    _keycloak_pid=$_spawned
  fi

  if [[ " $wanted " == *" hydra "* ]]; then
    local hydra_bin pub adm
    hydra_bin="$(bash "$ROOT/scripts/ensure-hydra.sh")"
    pub="$(_free_port)"
    adm="$(_free_port)"
    export JWK_HYDRA_PUBLIC_URL="http://127.0.0.1:$pub" JWK_HYDRA_ADMIN_URL="http://127.0.0.1:$adm"
    printf '==> hydra: starting on %s (admin %s; log: %s)\n' "$JWK_HYDRA_PUBLIC_URL" "$JWK_HYDRA_ADMIN_URL" "$_servers_run/hydra.log" >&2
    # A database file rather than DSN=memory: the in-memory database refuses concurrent writes to different
    # clients ("Unable to serialize access due to a concurrent update", seen at 20 bindings in one up); a file in
    # WAL mode with a busy timeout makes concurrent writers wait, as a production database would serve them.
    local hydra_dsn="sqlite://$_servers_run/hydra.db?_fk=true&_busy_timeout=60000&_journal_mode=WAL"
    DSN="$hydra_dsn" "$hydra_bin" migrate sql -e --yes >"$_servers_run/hydra-migrate.log" 2>&1 ||
      { echo "ERROR: hydra migrate failed (log: $_servers_run/hydra-migrate.log)" >&2; return 1; }
    _spawn "$_servers_run/hydra.log" env DSN="$hydra_dsn" SECRETS_SYSTEM="$(_random_secret)" \
      URLS_SELF_ISSUER="$JWK_HYDRA_PUBLIC_URL" SERVE_PUBLIC_HOST=127.0.0.1 SERVE_PUBLIC_PORT="$pub" \
      SERVE_ADMIN_HOST=127.0.0.1 SERVE_ADMIN_PORT="$adm" LOG_LEVEL=warn \
      "$hydra_bin" serve all --dev --sqa-opt-out
    _hydra_pid=$_spawned
  fi

  if [[ " $wanted " == *" openbao "* ]]; then
    local bao_bin bao_port
    bao_bin="$(bash "$ROOT/scripts/ensure-openbao.sh")"
    bao_port="$(_free_port)"
    export JWK_OPENBAO_ADDR="http://127.0.0.1:$bao_port"
    JWK_OPENBAO_TOKEN="$(_random_secret)"
    export JWK_OPENBAO_TOKEN
    printf '==> openbao: starting on %s (log: %s)\n' "$JWK_OPENBAO_ADDR" "$_servers_run/openbao.log" >&2
    # The token goes through the environment variable bao reads for -dev-root-token-id, so it is not on a
    # command line (ps); HOME is the run's folder, so nothing is written to the user's ~/.vault-token either.
    _spawn "$_servers_run/openbao.log" env HOME="$_servers_run" BAO_DEV_ROOT_TOKEN_ID="$JWK_OPENBAO_TOKEN" \
      "$bao_bin" server -dev -dev-listen-address="127.0.0.1:$bao_port" -dev-no-store-token
    _openbao_pid=$_spawned
  fi
  # --- moto (AWS KMS and Secrets Manager, for the awskms custody tests; issue 19) ---------------------------
  # Ready in about 1 s. Clients need a region and credentials (any: moto checks none); the tests set dummy ones.
  if [[ " $wanted " == *" moto "* ]]; then
    local moto_bin moto_port
    moto_bin="$(bash "$ROOT/scripts/ensure-moto.sh")"
    moto_port="$(_free_port)"
    export JWK_MOTO_URL="http://127.0.0.1:$moto_port"
    printf '==> moto: starting on %s (log: %s)\n' "$JWK_MOTO_URL" "$_servers_run/moto.log" >&2
    _spawn "$_servers_run/moto.log" "$moto_bin/moto_server" -H 127.0.0.1 -p "$moto_port"
    _moto_pid=$_spawned
  fi
  # --- end moto ----------------------------------------------------------------------------------------------
  # --- softhsm (PKCS#11, for the pkcs11: custody tests; issue 19) ---------------------------------------------
  # Nothing to start: a token directory for this run (SOFTHSM2_CONF points the module at it), one token in it.
  if [[ " $wanted " == *" softhsm "* ]]; then
    local hsm_dir so_pin
    JWK_SOFTHSM_MODULE="$(bash "$ROOT/scripts/ensure-softhsm.sh")"
    hsm_dir="$_servers_run/softhsm"
    mkdir -p "$hsm_dir/tokens"
    printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n' "$hsm_dir/tokens" >"$hsm_dir/softhsm2.conf"
    export JWK_SOFTHSM_MODULE SOFTHSM2_CONF="$hsm_dir/softhsm2.conf" JWK_SOFTHSM_TOKEN=pulumi-jwk-test
    JWK_SOFTHSM_PIN="$(_random_secret)"
    export JWK_SOFTHSM_PIN
    so_pin="$(_random_secret)"
    softhsm2-util --init-token --free --label "$JWK_SOFTHSM_TOKEN" --pin "$JWK_SOFTHSM_PIN" --so-pin "$so_pin" >/dev/null ||
      { printf '==> softhsm: ERROR: could not initialise a token in %s\n' "$hsm_dir" >&2; return 1; }
    printf '==> softhsm: token "%s" in %s\n' "$JWK_SOFTHSM_TOKEN" "$hsm_dir/tokens" >&2
  fi
  # --- end softhsm ---
}

_wait_ready() { # $1 = name, $2 = pid, $3 = URL answering 200 when ready, $4 = timeout (s), $5 = log
  local name=$1 pid=$2 url=$3 limit=$4 log=$5 start=$SECONDS
  until curl -fsS -o /dev/null --max-time 5 "$url" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -30 "$log" >&2
      printf '==> %s: ERROR: the server exited before it was ready (log above, full log in %s)\n' "$name" "$log" >&2
      return 1
    fi
    if ((SECONDS - start > limit)); then
      tail -30 "$log" >&2
      printf '==> %s: ERROR: not ready after %s s (log above, full log in %s)\n' "$name" "$limit" "$log" >&2
      return 1
    fi
    sleep 1
  done
  printf '==> %s: ready after %s s\n' "$name" "$((SECONDS - start))" >&2
}

wait_oauth_servers() {
  if [ -n "${_keycloak_pid:-}" ]; then
    _wait_ready keycloak "$_keycloak_pid" "$JWK_KEYCLOAK_URL/realms/master" "${JWK_KEYCLOAK_START_TIMEOUT:-300}" "$_servers_run/keycloak.log"
  fi
  if [ -n "${_hydra_pid:-}" ]; then
    _wait_ready hydra "$_hydra_pid" "$JWK_HYDRA_ADMIN_URL/health/ready" 60 "$_servers_run/hydra.log"
  fi
  wait_custody_servers
}

# Waits for the custody servers (OpenBao, moto: ready in about a second) and mounts transit, once. The unit
# tests use them, so test.sh calls this before vitest, while Keycloak is still starting.
wait_custody_servers() {
  [ -z "${_custody_ready:-}" ] || return 0
  if [ -n "${_openbao_pid:-}" ]; then
    _wait_ready openbao "$_openbao_pid" "$JWK_OPENBAO_ADDR/v1/sys/health" 60 "$_servers_run/openbao.log" || return 1
    # The transit engine the custody tests use (mounted at transit/).
    curl -fsS -o /dev/null --max-time 10 -H "X-Vault-Token: $JWK_OPENBAO_TOKEN" -X POST \
      -d '{"type":"transit"}' "$JWK_OPENBAO_ADDR/v1/sys/mounts/transit" ||
      { printf '==> openbao: ERROR: could not enable transit\n' >&2; return 1; }
  fi
  # --- moto ---
  if [ -n "${_moto_pid:-}" ]; then
    _wait_ready moto "$_moto_pid" "$JWK_MOTO_URL/moto-api/" 30 "$_servers_run/moto.log" || return 1
  fi
  # --- end moto ---
  _custody_ready=1
}

# Stops what start_oauth_servers started; keeps the logs when the run failed.
stop_oauth_servers() {
  local status=$? pid
  for pid in "${_servers_pids[@]}"; do
    kill -TERM -- "-$pid" 2>/dev/null || true
  done
  for pid in "${_servers_pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
  _servers_pids=()
  if [ -n "$_servers_run" ]; then
    if [ "$status" -eq 0 ]; then rm -rf "$_servers_run"; else printf '==> servers: logs kept in %s\n' "$_servers_run" >&2; fi
  fi
  _servers_run=""
}
