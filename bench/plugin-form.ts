/**
 * The plugin form next to the dynamic form: the same JavaScript program (N ES256 `Jwk`s and one file `JwkSet`,
 * plus a few RSA keys and small sets for per-resource sizes) run once with the dynamic resources
 * (`require("pulumi-jwk")`) and once with the plugin (`jwk:index:*` resources from plugin/, declared in
 * Pulumi.yaml `plugins.providers`, registered as plain CustomResources: no SDK, so both programs load the same
 * code). Prints `pulumi up` wall and CPU time, bytes per resource in `pulumi stack export`, per form.
 *
 *   bash scripts/run.sh dist/bench/plugin-form.js [ROUNDS=2] [N=50]
 */
import { join } from "node:path";
import { median, programFolder, secondsRange } from "./program-folder";

const rounds = Number(process.argv[2] ?? 2);
const n = Number(process.argv[3] ?? 50);

type Form = "dynamic" | "plugin";

/** The program text in one form. `jwk(nameExpression, args)` writes one key the way that form does. */
function program(form: Form, dir: string): string {
  const jwk = (name: string, args: string) =>
    form === "dynamic"
      ? `new Jwk(${name}, ${args})`
      : `new pulumi.CustomResource("jwk:index:Jwk", ${name}, { ...${args}, publicJwk: undefined, kid: undefined })`;
  const set = (name: string, keys: string) => {
    const args = `{ target: { kind: "file", path: ${JSON.stringify(join(dir, `${name}.json`))} }, keys: ${keys}, mode: "exclusive" }`;
    return form === "dynamic"
      ? `new JwkSet(${JSON.stringify(name)}, ${args})`
      : `new pulumi.CustomResource("jwk:index:JwkSet", ${JSON.stringify(name)}, ${args})`;
  };
  return `
const pulumi = require("@pulumi/pulumi");
const { Jwk, JwkSet } = require("pulumi-jwk");
const keys = [];
for (let i = 0; i < ${n}; i++) keys.push(${jwk('"k" + i', '{ alg: "ES256" }')});
${set("all", "keys.map((k) => k.publicJwk)")};
const rsa = [0, 1, 2].map((i) => ${jwk('"rsa" + i', '{ alg: "RS256" }')});
${set("es1", "[keys[0].publicJwk]")};
${set("es3", "[keys[0].publicJwk, keys[1].publicJwk, keys[2].publicJwk]")};
${set("rsa1", "[rsa[0].publicJwk]")};
${set("rsa3", "rsa.map((k) => k.publicJwk)")};
`;
}

const PLUGIN_LINES = ["plugins:", "  providers:", "    - name: jwk", `      path: ${join(__dirname, "..", "..", "plugin")}`];

type StateResource = { type: string; urn: string };
const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v));
const nameOf = (r: StateResource) => r.urn.slice(r.urn.lastIndexOf("::") + 2);

interface Sample {
  up: number;
  upCpu: number;
  sizes: Map<string, number>;
}

function measure(form: Form): Sample {
  const folder = programFolder(`bench-${form}`, (dir) => program(form, dir), form === "plugin" ? PLUGIN_LINES : []);
  try {
    const up = folder.run(["up", "--yes"]);
    const resources = (JSON.parse(folder.exportedState()) as { deployment: { resources: StateResource[] } }).deployment.resources;
    const ours = resources.filter((r) => r.type.startsWith("jwk:") || r.type.startsWith("pulumi-nodejs:dynamic/"));
    return { up: up.ms, upCpu: up.cpuMs, sizes: new Map(ours.map((r) => [nameOf(r), bytes(r)])) };
  } finally {
    folder.dispose();
  }
}

function main(): void {
  const samples: Record<Form, Sample[]> = { dynamic: [], plugin: [] };
  for (let i = 0; i < rounds; i++) for (const form of ["dynamic", "plugin"] as const) samples[form].push(measure(form));
  console.log(`pulumi up of ${n} ES256 Jwk + 3 RS256 Jwk + 5 file JwkSets, ${rounds} round(s) per form`);
  for (const form of ["dynamic", "plugin"] as const) {
    const s = samples[form];
    const size = (name: string) => s[0]!.sizes.get(name)!;
    const perKey = (one: string, three: string) => (size(three) - size(one)) / 2;
    console.log(
      `${form.padEnd(7)} up ${secondsRange(s.map((x) => x.up))}, CPU ${secondsRange(s.map((x) => x.upCpu))}; ` +
        `Jwk ES256 ${median(["k0", "k1", "k2"].map(size))} B, RSA-2048 ${median(["rsa0", "rsa1", "rsa2"].map(size))} B; ` +
        `JwkSet per ES256 key ${perKey("es1", "es3")} B, per RSA key ${perKey("rsa1", "rsa3")} B, set of 1 ES256 key ${size("es1")} B`,
    );
  }
}

main();
