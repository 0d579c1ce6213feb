# Sourced after scripts/setup.sh: runs an example program folder (Pulumi.yaml + index.ts + package.json)
# with the pulumi CLI, the way a user runs a Pulumi program, on a local file backend.
#
# Why the examples install a packed tarball rather than link the repository (`file:../..`): a linked package
# resolves its own imports from its real path, so pulumi-jwk would load the repository's @pulumi/pulumi while
# the program loads the folder's, and two copies of @pulumi/pulumi in one process break programs
# (pulumi#16161). A tarball installs a real copy whose @pulumi/pulumi (a peerDependency) is the program's own,
# exactly as `npm install pulumi-jwk` does for a user.

PACK_DIR="$ROOT/.work/pack"

# Packs the compiled package into $PACK_DIR/pulumi-jwk.tgz (the path the examples' package.json names),
# rewriting it only when its content changed, so installs can tell whether they are current.
pack_package() {
  mkdir -p "$PACK_DIR"
  local tmp name
  tmp=$(mktemp -d "$PACK_DIR/tmp.XXXXXX")
  name=$(cd "$ROOT" && npm pack --silent --pack-destination "$tmp" 2>/dev/null | tail -1)
  if ! cmp -s "$tmp/$name" "$PACK_DIR/pulumi-jwk.tgz"; then mv "$tmp/$name" "$PACK_DIR/pulumi-jwk.tgz"; fi
  rm -rf "$tmp"
}

# Installs a program folder's dependencies (npm, from the cache when it can) unless they are current: the
# installed pulumi-jwk must be the tarball just packed.
install_program() {
  local dir=$1 stamp="$1/node_modules/.pulumi-jwk.sha256" want
  want=$(sha256sum "$PACK_DIR/pulumi-jwk.tgz" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ "$dir/package.json" -ot "$stamp" ]; then return 0; fi
  step "installing $(basename "$dir")'s dependencies (npm install, pulumi-jwk from $PACK_DIR/pulumi-jwk.tgz)"
  # Without a lockfile (an example's would churn with every build of the tarball), npm keeps an installed
  # file: tarball whose name did not change: remove it so the new content lands.
  rm -rf "$dir/node_modules/pulumi-jwk"
  (cd "$dir" && npm install --no-package-lock --prefer-offline --no-audit --no-fund --loglevel=error) >&2
  echo "$want" >"$stamp"
}

# Selects (creating if needed) stack $2 of the program in $1, on the file backend in directory $3.
select_stack() {
  local dir=$1 stack=$2 backend=$3
  mkdir -p "$backend"
  export PULUMI_BACKEND_URL="file://$backend"
  pulumi -C "$dir" stack select --create --non-interactive "$stack" >&2
}

# Prints the drift each JwkSet found on the last refresh, read from the stored state (a refresh does not run
# the program, so stack outputs keep the values of the last up).
report_drift() {
  pulumi -C "$1" stack export | node -e '
    const state = JSON.parse(require("fs").readFileSync(0, "utf8"));
    let drifted = false;
    for (const r of state.deployment.resources ?? []) {
      if (!String(r.type).endsWith(":JwkSet")) continue;
      const d = r.outputs?.drift ?? { missing: [], changed: [], unexpected: [] };
      const name = String(r.urn).split("::").pop();
      const parts = ["missing", "changed", "unexpected"].filter((k) => d[k]?.length).map((k) => `${k} ${d[k].join(", ")}`);
      drifted ||= parts.length > 0;
      console.log(`drift of ${name}: ${parts.length ? parts.join("; ") : "none"}`);
    }
    if (drifted) console.log("the next pulumi up repairs it");
  '
}
