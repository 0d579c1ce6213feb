#!/usr/bin/env bash
# The quickstart: `pulumi up` in examples/quickstart (three keys, RS256, ES256 and EdDSA, published to a JWKS
# file) on a local file backend, then `pulumi preview --expect-no-changes`.
#   bash scripts/quickstart.sh             up (repairing any drift), then a preview that must show no changes
#   bash scripts/quickstart.sh --refresh   pulumi refresh: reads the published file and reports drift
#   bash scripts/quickstart.sh --destroy   pulumi destroy
#   bash scripts/quickstart.sh python|go|yaml [--refresh | --destroy]
#                                          the same program in another language (examples/<language>-quickstart),
#                                          through the plugin form; Python and Go with an SDK generated from it
# State lives in .work/ (JWK_EXAMPLES_HOME moves it, with the published file; JWK_EXAMPLES_STACK names the
# stack, default dev: tests use both so they never touch a user's quickstart).
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
source "$ROOT/scripts/lib/program.sh"
source "$ROOT/scripts/lib/language-program.sh"

LANGUAGE=typescript
case "${1:-}" in python | go | yaml) LANGUAGE=$1; shift ;; esac
NAME=quickstart LANGUAGE_ARG=""
[ "$LANGUAGE" = typescript ] || { NAME="$LANGUAGE-quickstart" LANGUAGE_ARG="$LANGUAGE "; }
DIR="$ROOT/examples/$NAME"
HOME_DIR="${JWK_EXAMPLES_HOME:-$ROOT/.work}"
step "preparing examples/$NAME"
case "$LANGUAGE" in
  typescript) pack_package && install_program "$DIR" ;;
  python) prepare_python_program "$DIR" ;;
  go) prepare_go_program "$DIR" ;;
  yaml) ;;
esac
select_stack "$DIR" "${JWK_EXAMPLES_STACK:-dev}" "$HOME_DIR/$NAME-backend"
# Publish beside the state when the home moved; otherwise the program's default, examples/$NAME/out/.
if [ -n "${JWK_EXAMPLES_HOME:-}" ]; then pulumi -C "$DIR" config set jwksPath "$HOME_DIR/$NAME/jwks.json"; fi

case "${1:-}" in
  --destroy)
    step "pulumi destroy"
    pulumi -C "$DIR" destroy --yes
    ;;
  --refresh)
    step "pulumi refresh (reads the published set)"
    pulumi -C "$DIR" refresh --yes
    report_drift "$DIR"
    ;;
  "")
    # --refresh: read the published file first, so a hand edit is repaired by this run (a plain up trusts
    # the state and would not look).
    step "pulumi up --refresh"
    pulumi -C "$DIR" up --refresh --yes
    step "pulumi preview --expect-no-changes"
    pulumi -C "$DIR" preview --expect-no-changes
    published=$(pulumi -C "$DIR" stack output publishedAt)
    case "$published" in /*) ;; *) published="$DIR/$published" ;; esac
    cat <<MSG

JWKS published at $published
Private keys are in the stack only as secrets: pulumi stack output --show-secrets (in examples/$NAME,
with PULUMI_BACKEND_URL=$PULUMI_BACKEND_URL) reveals them.
Edit the file by hand, then see the drift with: bash scripts/quickstart.sh ${LANGUAGE_ARG}--refresh
Remove everything with: bash scripts/quickstart.sh ${LANGUAGE_ARG}--destroy
MSG
    ;;
  *)
    echo "usage: bash scripts/quickstart.sh [python | go | yaml] [--refresh | --destroy]" >&2
    exit 2
    ;;
esac
