/**
 * Bytes of state per `Jwk` (ES256, RSA-2048, RSA-4096, ES256 and RSA-2048 with a self-signed certificate) and per key of a `JwkSet`, read from `pulumi stack
 * export` (secrets stay ciphertext) after `pulumi up` of a program folder on a fresh stack. A resource's size is
 * its compact JSON in the export; the largest properties are listed so that regressions show where they are.
 *
 *   bash scripts/run.sh dist/bench/state-size.js
 *
 * Per JwkSet key: (size of a set of 3 keys - size of a set of 1 key) / 2, for ES256 and RSA-2048 keys.
 */
import { join } from "node:path";
import { median, programFolder } from "./program-folder";

const KEYS: Record<string, string> = {
  es0: `{ alg: "ES256" }`,
  es1: `{ alg: "ES256" }`,
  es2: `{ alg: "ES256" }`,
  rsa0: `{ alg: "RS256" }`,
  rsa1: `{ alg: "RS256" }`,
  rsa2: `{ alg: "RS256" }`,
  big0: `{ alg: "RS256", modulusLength: 4096 }`,
  big1: `{ alg: "RS256", modulusLength: 4096 }`,
  // With a self-signed certificate: x5c and x5t#S256 in the public JWK (its only copy in state).
  esCert0: `{ alg: "ES256", certificate: {} }`,
  esCert1: `{ alg: "ES256", certificate: {} }`,
  esCert2: `{ alg: "ES256", certificate: {} }`,
  rsaCert0: `{ alg: "RS256", certificate: {} }`,
  rsaCert1: `{ alg: "RS256", certificate: {} }`,
  rsaCert2: `{ alg: "RS256", certificate: {} }`,
};
const SETS: Record<string, string[]> = {
  es1: ["es0"],
  es3: ["es0", "es1", "es2"],
  rsa1: ["rsa0"],
  rsa3: ["rsa0", "rsa1", "rsa2"],
};

const program = (dir: string) => `
const { Jwk, JwkSet } = require("pulumi-jwk");
const k = {};
${Object.entries(KEYS)
  .map(([name, args]) => `k.${name} = new Jwk(${JSON.stringify(name)}, ${args});`)
  .join("\n")}
${Object.entries(SETS)
  .map(
    ([name, members]) =>
      `new JwkSet(${JSON.stringify(`set-${name}`)}, { target: { kind: "file", path: ${JSON.stringify(join(dir, `${name}.json`))} }, ` +
      `keys: [${members.map((m) => `k.${m}.publicJwk`).join(", ")}], mode: "exclusive" });`,
  )
  .join("\n")}
`;

type StateResource = { type: string; urn: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };

const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v));
const nameOf = (r: StateResource) => r.urn.slice(r.urn.lastIndexOf("::") + 2);

/** "outputs.privateJwk 412, inputs.__provider 60, ..." for the largest properties of a resource. */
function largest(r: StateResource, count = 5): string {
  const parts: [string, number][] = [];
  for (const side of ["inputs", "outputs"] as const)
    for (const [k, v] of Object.entries(r[side] ?? {})) parts.push([`${side}.${k}`, bytes(v)]);
  return parts
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([k, n]) => `${k} ${n}`)
    .join(", ");
}

function main(): void {
  const folder = programFolder("bench-state", program);
  try {
    folder.run(["up", "--yes", "--skip-preview"]);
    const exported = folder.exportedState();
    const resources = (JSON.parse(exported) as { deployment: { resources: StateResource[] } }).deployment.resources;
    const byName = new Map(resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/")).map((r) => [nameOf(r), r]));
    const size = (name: string) => bytes(byName.get(name));
    console.log(`exported state: ${exported.length} bytes for ${resources.length} resources`);
    for (const [label, names] of [
      ["ES256", ["es0", "es1", "es2"]],
      ["RSA-2048", ["rsa0", "rsa1", "rsa2"]],
      ["RSA-4096", ["big0", "big1"]],
      ["ES256 with certificate", ["esCert0", "esCert1", "esCert2"]],
      ["RSA-2048 with certificate", ["rsaCert0", "rsaCert1", "rsaCert2"]],
    ] as const) {
      console.log(`Jwk ${label}: ${median(names.map(size))} bytes (largest: ${largest(byName.get(names[0])!)})`);
    }
    for (const [label, one, three] of [
      ["ES256", "set-es1", "set-es3"],
      ["RSA-2048", "set-rsa1", "set-rsa3"],
    ] as const) {
      console.log(
        `JwkSet per ${label} key: ${(size(three) - size(one)) / 2} bytes (set of 1 key: ${size(one)} bytes; largest: ${largest(byName.get(one)!)})`,
      );
    }
  } finally {
    folder.dispose();
  }
}

main();
