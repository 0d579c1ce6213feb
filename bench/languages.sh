#!/usr/bin/env bash
# The same program in each language: N ES256 `Jwk` (default 50) and one file `JwkSet` publishing them, `pulumi up`
# on a fresh stack then a no-change `pulumi preview`, wall and CPU time (user + system of pulumi and every process
# under it: language host, program, plugin; /usr/bin/time over a child subreaper). Prints one table.
#   bash bench/languages.sh [N=50]
# Languages: TypeScript with the dynamic resources (`pulumi-jwk`), Python and Go on SDKs generated from the plugin,
# YAML (no SDK); all but the first reach the plugin form, which the engine starts with the Node.js language host.
# Not measured: TypeScript on the plugin's generated Node.js SDK (its npm build per program folder is not cheap).
# Program folders and stacks live in .work/bench-languages (replaced on each run); set-up (npm install, SDK
# generation, the Go SDK's compile) is done before timing, and the Go program is built once untimed, so the timed
# up includes only the `go build` the Go host runs every time (cached).
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/setup.sh"
source "$ROOT/scripts/lib/program.sh"
source "$ROOT/scripts/lib/language-program.sh"

N="${1:-50}"
WORK="$ROOT/.work/bench-languages"
rm -rf "$WORK" && mkdir -p "$WORK"
PLUGIN_YAML=$(printf 'plugins:\n  providers:\n    - name: jwk\n      path: %s\n' "$JWK_PLUGIN_DIR")

typescript_program() {
  local dir=$1
  sed "s|file:../../.work/pack/pulumi-jwk.tgz|file:$PACK_DIR/pulumi-jwk.tgz|" "$ROOT/examples/quickstart/package.json" >"$dir/package.json"
  cp "$ROOT/examples/quickstart/tsconfig.json" "$dir/"
  printf 'name: bench-typescript\nruntime: nodejs\n' >"$dir/Pulumi.yaml"
  cat >"$dir/index.ts" <<TS
import { Jwk, JwkSet } from "pulumi-jwk";
const keys = Array.from({ length: $N }, (_, i) => new Jwk(\`k\${i}\`, { alg: "ES256" }));
new JwkSet("jwks", { target: { kind: "file", path: "jwks.json" }, keys: keys.map((k) => k.publicJwk) });
TS
  pack_package && install_program "$dir"
}

python_program() {
  local dir=$1
  printf 'name: bench-python\nruntime:\n  name: python\n  options:\n    toolchain: pip\n    virtualenv: venv\n%s\n' "$PLUGIN_YAML" >"$dir/Pulumi.yaml"
  cat >"$dir/__main__.py" <<PY
import pulumi_jwk as jwk

keys = [jwk.Jwk(f"k{i}", alg=jwk.Algorithm.ES256) for i in range($N)]
jwk.JwkSet("jwks", target=jwk.TargetArgs(kind=jwk.TargetKind.FILE, path="jwks.json"), keys=[k.public_jwk for k in keys])
PY
  prepare_python_program "$dir"
}

go_program() {
  local dir=$1
  printf 'name: bench-go\nruntime: go\n%s\n' "$PLUGIN_YAML" >"$dir/Pulumi.yaml"
  cp "$ROOT/examples/go-quickstart/go."{mod,sum} "$dir/"
  cat >"$dir/main.go" <<GO
package main

import (
	"fmt"

	"github.com/pulumi-jwk/pulumi-jwk/sdk/go/jwk"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		keys := pulumi.MapArray{}
		for i := 0; i < $N; i++ {
			k, err := jwk.NewJwk(ctx, fmt.Sprintf("k%d", i), &jwk.JwkArgs{Alg: jwk.AlgorithmES256})
			if err != nil {
				return err
			}
			keys = append(keys, k.PublicJwk)
		}
		_, err := jwk.NewJwkSet(ctx, "jwks", &jwk.JwkSetArgs{
			Target: jwk.TargetArgs{Kind: jwk.TargetKindFile, Path: pulumi.String("jwks.json")},
			Keys:   keys,
		})
		return err
	})
}
GO
  prepare_go_program "$dir"
  # The flags the Go language host builds with, so its build finds the compiled packages in the cache.
  (cd "$dir" && go build -buildvcs=false -trimpath -ldflags "-w -s" -o /dev/null .)
}

yaml_program() {
  local dir=$1 i
  {
    printf 'name: bench-yaml\nruntime: yaml\n%s\nresources:\n' "$PLUGIN_YAML"
    for ((i = 0; i < N; i++)); do printf '  k%d:\n    type: jwk:index:Jwk\n    properties: { alg: ES256 }\n' "$i"; done
    printf '  jwks:\n    type: jwk:index:JwkSet\n    properties:\n      target: { kind: file, path: jwks.json }\n      keys:\n'
    for ((i = 0; i < N; i++)); do printf '        - ${k%d.publicJwk}\n' "$i"; done
  } >"$dir/Pulumi.yaml"
}

# A command run as a child subreaper (prctl PR_SET_CHILD_SUBREAPER): processes orphaned under it (a plugin or
# language host whose parent exited before reaping it) are reparented to it and reaped, so their CPU reaches
# /usr/bin/time's count too. Writes the command's own wall time to $BENCH_WALL; once the command has exited,
# descendants still running 2 s later are sent SIGTERM (in the YAML runs pulumi-language-nodejs outlives
# `pulumi` by about 5 minutes) and reaped, their CPU counted up to then. Exits with the command's status.
REAPER='
import ctypes, os, signal, sys, time
ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)
started = time.monotonic()
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
_, st = os.waitpid(pid, 0)
with open(os.environ["BENCH_WALL"], "w") as f:
    f.write(f"{time.monotonic() - started:.1f}")
def children():
    me = str(os.getpid())
    for p in os.listdir("/proc"):
        try:
            if p.isdigit() and open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split()[1] == me:
                yield int(p)
        except OSError:
            pass
deadline = time.monotonic() + 2
while True:
    try:
        if os.waitpid(-1, os.WNOHANG) != (0, 0):
            continue
    except ChildProcessError:
        break
    if time.monotonic() > deadline:
        for child in children():
            os.kill(child, signal.SIGTERM)
    time.sleep(0.1)
sys.exit(os.waitstatus_to_exitcode(st))
'

# Runs `pulumi $@` in $dir under /usr/bin/time (through the reaper); prints "wall cpu" in seconds: pulumi's own wall
# time, the CPU of everything under it.
timed() {
  local dir=$1 out
  shift
  out=$(mktemp)
  BENCH_WALL="$out.wall" /usr/bin/time -f '%U %S' -o "$out" python3 -c "$REAPER" pulumi -C "$dir" "$@" >"$dir/last.log" 2>&1 ||
    { cat "$dir/last.log" >&2; echo "ERROR: pulumi $* failed in $dir" >&2; exit 1; }
  printf '%s %s' "$(cat "$out.wall")" "$(awk '{ printf "%.1f", $1 + $2 }' "$out")"
  rm -f "$out" "$out.wall"
}

rows=()
for lang in typescript python go yaml; do
  dir="$WORK/$lang"
  mkdir -p "$dir"
  step "$lang: preparing the program ($N keys)"
  "${lang}_program" "$dir"
  select_stack "$dir" bench "$dir/backend"
  step "$lang: pulumi up, then pulumi preview --expect-no-changes"
  read -r up_wall up_cpu <<<"$(timed "$dir" up --yes --skip-preview)"
  read -r pv_wall pv_cpu <<<"$(timed "$dir" preview --expect-no-changes)"
  rows+=("$(printf '| %-10s | %7s | %6s | %12s | %11s |' "$lang" "$up_wall" "$up_cpu" "$pv_wall" "$pv_cpu")")
  pulumi -C "$dir" destroy --yes --skip-preview >/dev/null 2>&1 || echo "WARN: destroy failed in $dir" >&2
done

printf '\n%s ES256 Jwk + 1 file JwkSet; seconds; CPU = user + system, children included\n\n' "$N"
printf '| %-10s | %7s | %6s | %12s | %11s |\n' language "up wall" "up CPU" "preview wall" "preview CPU"
printf '| %-10s | %7s | %6s | %12s | %11s |\n' ---------- ------: -----: -----------: ----------:
printf '%s\n' "${rows[@]}"
