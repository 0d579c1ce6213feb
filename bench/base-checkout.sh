#!/usr/bin/env bash
# Prepares a built checkout of an older commit for bench/scale-bindings.ts's side-by-side run (issue 21 item 6):
#   bash bench/base-checkout.sh [REV=77f0185]
# A detached git worktree of REV at .work/base-<rev> (reused when it exists), its node_modules, and its `tsc`
# build; prints the checkout's path (the only line on stdout), for JWK_BENCH_BASE. Program folders the bench
# puts under <path>/.work/bench resolve `pulumi-jwk` to that build by package self-reference.
#
# node_modules: a hard-linked copy of this repository's when REV's package-lock.json is the same as the working
# tree's, or differs only by added lines (packages REV does not declare, so its code never loads them; the
# versions it does declare are the same); otherwise `npm ci` in the checkout.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REV="${1:-77f0185}"
COMMIT="$(git -C "$ROOT" rev-parse --verify --short=7 "$REV^{commit}")"
DIR="$ROOT/.work/base-$COMMIT"

if [ ! -e "$DIR/.git" ]; then
  mkdir -p "$ROOT/.work"
  git -C "$ROOT" worktree add --detach "$DIR" "$COMMIT" >&2
fi
if [ "$(git -C "$DIR" rev-parse --short=7 HEAD)" != "$COMMIT" ]; then
  echo "base-checkout: $DIR is not at $COMMIT; remove it (git worktree remove $DIR) and run again" >&2
  exit 1
fi

if [ ! -d "$DIR/node_modules" ]; then
  lock_diff="$(git -C "$ROOT" diff "$COMMIT" -- package-lock.json)"
  if ! grep -q '^-[^-]' <<<"$lock_diff"; then
    echo "base-checkout: package-lock.json at $COMMIT is the same as here, or a subset: hard-linking node_modules" >&2
    cp -al "$ROOT/node_modules" "$DIR/node_modules"
  else
    echo "base-checkout: package-lock.json differs from $COMMIT's: npm ci in $DIR" >&2
    (cd "$DIR" && PATH="$ROOT/node_modules/.bin:$PATH" npm ci --no-audit --no-fund >&2)
  fi
fi

if [ ! -f "$DIR/dist/provider/index.js" ]; then
  echo "base-checkout: compiling $DIR (tsc -p tsconfig.json)" >&2
  (cd "$DIR" && PATH="$DIR/node_modules/.bin:$PATH" tsc -p tsconfig.json >&2)
fi
echo "$DIR"
