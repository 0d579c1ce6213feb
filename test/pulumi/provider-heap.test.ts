/**
 * provider-heap.ts: a process serving our resources keeps its young generation small (at 600 resources V8 let
 * it grow to 128 MB of mostly garbage). Checked in fresh node processes on the compiled provider entry the
 * engine's dynamic-provider host loads, under a load of short-lived allocations like a provider's requests.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { isDynamicProviderHost } from "../../provider/pulumi/provider-heap";

const ROOT = join(__dirname, "../..");

/** New-space size in MB after loading the binding provider entry, then after churning, with argv[1] set to `as`. */
function newSpaceGrowth(as: string, env: NodeJS.ProcessEnv = {}): { loaded: number; churned: number } {
  const entry = join(ROOT, "dist/provider/resources/binding/entry.js");
  expect(existsSync(entry), "run tsc -p tsconfig.json first").toBe(true);
  const script = `
    process.argv[1] = ${JSON.stringify(as)};
    require(${JSON.stringify(entry)});
    const newSpace = () => require("node:v8").getHeapSpaceStatistics().find((s) => s.space_name === "new_space").space_size / 2 ** 20;
    const loaded = newSpace();
    const keep = [];
    for (let r = 0; r < 200; r++) {
      const batch = [];
      for (let i = 0; i < 20000; i++) batch.push({ kid: "k" + i, keys: [i, i + 1], client: { id: i } });
      keep.push(batch[r]);
    }
    console.log(JSON.stringify({ loaded, churned: newSpace() }));`;
  const out = execFileSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8", env: { ...process.env, ...env } });
  return JSON.parse(out) as { loaded: number; churned: number };
}

test("the dynamic-provider host is told by its script path, whether given as the folder or its index.js", () => {
  expect(isDynamicProviderHost(["node", "/p/node_modules/@pulumi/pulumi/cmd/dynamic-provider"])).toBe(true);
  expect(isDynamicProviderHost(["node", "/p/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js"])).toBe(true);
  expect(isDynamicProviderHost(["node", "/p/node_modules/vitest/dist/worker.js"])).toBe(false);
  expect(isDynamicProviderHost(["node"])).toBe(false);
});

test("in the dynamic-provider host the young generation stops growing; elsewhere, or opted out, V8's default", () => {
  const host = "/p/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js";
  const served = newSpaceGrowth(host);
  expect(served.churned).toBe(served.loaded);
  for (const other of [newSpaceGrowth("/p/other.js"), newSpaceGrowth(host, { PULUMI_JWK_PROVIDER_HEAP: "default" })]) {
    expect(other.churned).toBeGreaterThan(other.loaded);
    expect(other.churned).toBeGreaterThan(served.churned);
  }
});
