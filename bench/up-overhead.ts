/**
 * What pulumi-jwk costs on top of the engine's own floor: N ES256 `Jwk`s and one `JwkSet` on the file target
 * against N+1 no-op dynamic resources, each a program folder run by the `pulumi` CLI on a fresh stack.
 * Prints up and preview times per program, their ratio (goal: up <= 1.15), and the exported state size.
 * Rounds alternate the two programs so that load from other processes hits both alike.
 *
 *   bash scripts/run.sh dist/bench/up-overhead.js [ROUNDS=3] [N=100]
 *
 * up = `pulumi up --yes` (its preview included, as users run it) on a new stack; preview = `pulumi preview
 * --expect-no-changes` right after it. Wall-clock and CPU time (user + system of pulumi and all the processes
 * it ran) are both printed: on a shared machine the CPU ratio is the steadier figure.
 */
import { join } from "node:path";
import { median, programFolder, secondsRange } from "./program-folder";

const rounds = Number(process.argv[2] ?? 3);
const n = Number(process.argv[3] ?? 100);

const jwkProgram = (path: string) => `
const { Jwk, JwkSet } = require("pulumi-jwk");
const keys = [];
for (let i = 0; i < ${n}; i++) keys.push(new Jwk("k" + i, { alg: "ES256" }));
new JwkSet("jwks", { target: { kind: "file", path: ${JSON.stringify(path)} }, keys: keys.map((k) => k.publicJwk), mode: "exclusive" });
`;

// The floor: dynamic resources whose provider does nothing, so all that is measured is the engine, the
// language host and the dynamic-provider plugin.
const noopProgram = `
const pulumi = require("@pulumi/pulumi");
const provider = { async create() { return { id: "noop", outs: {} }; } };
class Noop extends pulumi.dynamic.Resource {
  constructor(name) { super(provider, name, {}, undefined, "bench", "Noop"); }
}
for (let i = 0; i < ${n + 1}; i++) new Noop("n" + i);
`;

interface Sample {
  up: number;
  upCpu: number;
  preview: number;
  previewCpu: number;
  stateBytes: number;
}

function measure(name: string, index: (dir: string) => string): Sample {
  const folder = programFolder(name, index);
  try {
    const up = folder.run(["up", "--yes"]);
    const preview = folder.run(["preview", "--expect-no-changes"]);
    return {
      up: up.ms,
      upCpu: up.cpuMs,
      preview: preview.ms,
      previewCpu: preview.cpuMs,
      stateBytes: Buffer.byteLength(folder.exportedState()),
    };
  } finally {
    folder.dispose();
  }
}

function main(): void {
  const jwk: Sample[] = [];
  const noop: Sample[] = [];
  for (let r = 1; r <= rounds; r++) {
    noop.push(measure("bench-noop", () => noopProgram));
    jwk.push(measure("bench-jwk", (dir) => jwkProgram(join(dir, "jwks.json"))));
    const [a, b] = [jwk.at(-1)!, noop.at(-1)!];
    console.log(
      `round ${r}: up ${(a.up / 1000).toFixed(2)} s vs ${(b.up / 1000).toFixed(2)} s (${(a.up / b.up).toFixed(2)}; CPU ${(a.upCpu / b.upCpu).toFixed(2)}), ` +
        `preview ${(a.preview / 1000).toFixed(2)} s vs ${(b.preview / 1000).toFixed(2)} s (${(a.preview / b.preview).toFixed(2)}; CPU ${(a.previewCpu / b.previewCpu).toFixed(2)})`,
    );
  }
  const ratios = (k: keyof Sample) => jwk.map((s, i) => s[k] / noop[i]![k]);
  const fmt = (rs: number[]) => `${Math.min(...rs).toFixed(2)}-${Math.max(...rs).toFixed(2)} (median ${median(rs).toFixed(2)})`;
  console.log(`programs: ${n} ES256 Jwk + 1 JwkSet (file) vs ${n + 1} no-op dynamic resources; ${rounds} rounds`);
  console.log(
    `up:      jwk ${secondsRange(jwk.map((s) => s.up))}, noop ${secondsRange(noop.map((s) => s.up))}, ratio ${fmt(ratios("up"))}`,
  );
  console.log(
    `preview: jwk ${secondsRange(jwk.map((s) => s.preview))}, noop ${secondsRange(noop.map((s) => s.preview))}, ratio ${fmt(ratios("preview"))}`,
  );
  console.log(
    `up CPU:      jwk ${secondsRange(jwk.map((s) => s.upCpu))}, noop ${secondsRange(noop.map((s) => s.upCpu))}, ratio ${fmt(ratios("upCpu"))}`,
  );
  console.log(
    `preview CPU: jwk ${secondsRange(jwk.map((s) => s.previewCpu))}, noop ${secondsRange(noop.map((s) => s.previewCpu))}, ratio ${fmt(ratios("previewCpu"))}`,
  );
  console.log(
    `state:   jwk ${(median(jwk.map((s) => s.stateBytes)) / 1024).toFixed(0)} KB, noop ${(median(noop.map((s) => s.stateBytes)) / 1024).toFixed(0)} KB`,
  );
  console.log(`goal: up ratio <= 1.15 (median wall ${median(ratios("up")).toFixed(2)}, CPU ${median(ratios("upCpu")).toFixed(2)})`);
}

main();
