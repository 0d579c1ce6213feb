/**
 * Prints the size of the serialised provider Pulumi stores with each dynamic resource (goal: at most 2 KB),
 * the state size per key, and how long `up` takes, for a stack of N keys in one JwkSet.
 *
 *   bash scripts/run.sh dist/bench/provider-size.js [N=10]
 */
import { join } from "node:path";
import { Jwk, JwkSet } from "pulumi-jwk";
import { newStack, storedState } from "../test/engine/harness";

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 10);
  const { stack, dir, dispose } = await newStack("bench-size", async () => {
    const algs = ["ES256", "EdDSA", "RS256", "PS256", "ES384"];
    const keys = Array.from({ length: n }, (_, i) => new Jwk(`k${i}`, { alg: algs[i % algs.length]! }));
    new JwkSet("jwks", { target: { kind: "file", path: join(dir, "jwks.json") }, keys: keys.map((k) => k.publicJwk), mode: "exclusive" });
    return {};
  });
  try {
    let t = Date.now();
    await stack.up();
    const upMs = Date.now() - t;
    t = Date.now();
    await stack.preview({ expectNoChanges: true });
    const previewMs = Date.now() - t;
    const resources = storedState(dir).deployment.resources ?? [];
    const byType = new Map<string, number[]>();
    for (const r of resources) {
      const p = r.inputs?.__provider as string | undefined;
      if (p) byType.set(r.type, [...(byType.get(r.type) ?? []), Buffer.byteLength(p)]);
    }
    console.log(`keys: ${n}`);
    for (const [type, sizes] of byType)
      console.log(`__provider bytes per resource, ${type}: max ${Math.max(...sizes)}, count ${sizes.length}`);
    console.log(`state bytes: ${Buffer.byteLength(JSON.stringify(storedState(dir)))}`);
    console.log(`up: ${upMs} ms, preview: ${previewMs} ms`);
  } finally {
    await dispose();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
