/**
 * The README's quickstart (`bash scripts/quickstart.sh`), run as a user runs it: the pulumi CLI in
 * examples/quickstart. It gets a home (backend, published file) and stack of its own, so a user's quickstart
 * state is never touched: up, no-change preview, a hand edit found by --refresh, the repairing run, destroy.
 */
import assert from "node:assert/strict";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { offlineHome, ROOT, script } from "./cli";

test("bash scripts/quickstart.sh: up, no-change preview, --refresh reports a hand edit, a re-run repairs it, --destroy", async () => {
  const home = await offlineHome("jwk-quickstart");
  const stack = `test-${process.pid}`;
  const env = { JWK_EXAMPLES_HOME: home.dir, JWK_EXAMPLES_STACK: stack, PULUMI_HOME: home.env.PULUMI_HOME };
  const quickstart = async (...args: string[]) => {
    const r = await script("quickstart.sh", args, env);
    assert.equal(r.code, 0, `quickstart ${args.join(" ")} failed:\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  };
  try {
    const file = join(home.dir, "quickstart", "jwks.json");
    const first = await quickstart();
    assert.match(first, /\+ 5 created/);
    assert.match(first, /5 unchanged/); // the second preview (--expect-no-changes) passed
    assert.ok(first.includes(`JWKS published at ${file}`), first);
    const doc = JSON.parse(await readFile(file, "utf8")) as { keys: { kid: string; alg: string }[] };
    assert.deepEqual(doc.keys.map((k) => k.alg).sort(), ["ES256", "EdDSA", "RS256"]);

    await writeFile(file, JSON.stringify({ keys: doc.keys.slice(1) }));
    const refreshed = await quickstart("--refresh");
    assert.match(refreshed, new RegExp(`drift of jwks: missing ${doc.keys[0]!.kid}\\n`));
    assert.match(refreshed, /the next pulumi up repairs it/);

    const repaired = await quickstart();
    assert.match(repaired, /~ 1 updated/);
    assert.deepEqual(JSON.parse(await readFile(file, "utf8")), doc);

    const destroyed = await quickstart("--destroy");
    assert.match(destroyed, /- 5 deleted/);
    await assert.rejects(readFile(file), { code: "ENOENT" });
  } finally {
    await rm(home.dir, { recursive: true, force: true });
    await rm(join(ROOT, "examples", "quickstart", `Pulumi.${stack}.yaml`), { force: true });
  }
});
