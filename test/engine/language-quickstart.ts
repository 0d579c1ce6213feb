/**
 * The quickstart in another language (`bash scripts/quickstart.sh python|go|yaml`: examples/<language>-quickstart
 * through the plugin form, Python and Go with an SDK `pulumi package gen-sdk` generates from it), run as a user
 * runs it under the real language host, with a home and stack of its own: up and a no-change preview, a hand edit
 * found by --refresh, the repairing run, destroy. Shared by the per-language engine test files (one file each, so
 * the test command runs them in parallel). Each step's wall time goes to the test's diagnostics.
 */
import assert from "node:assert/strict";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { TestContext } from "node:test";
import { offlineHome, ROOT, script } from "./cli";

export type QuickstartLanguage = "python" | "go" | "yaml";

export async function quickstartCycle(t: TestContext, language: QuickstartLanguage): Promise<void> {
  const name = `${language}-quickstart`;
  const home = await offlineHome(`jwk-${name}`);
  const stack = `test-${process.pid}`;
  const env = { JWK_EXAMPLES_HOME: home.dir, JWK_EXAMPLES_STACK: stack, PULUMI_HOME: home.env.PULUMI_HOME };
  const quickstart = async (...args: string[]) => {
    const started = Date.now();
    const r = await script("quickstart.sh", [language, ...args], env);
    t.diagnostic(`quickstart.sh ${[language, ...args].join(" ")}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    assert.equal(r.code, 0, `quickstart ${language} ${args.join(" ")} failed:\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  };
  try {
    const file = join(home.dir, name, "jwks.json");
    const first = await quickstart();
    assert.match(first, /\+ 5 created/);
    assert.match(first, /5 unchanged/); // the second preview (--expect-no-changes) passed
    assert.ok(first.includes(`JWKS published at ${file}`), first);
    const doc = JSON.parse(await readFile(file, "utf8")) as { keys: { kid: string; alg: string; d?: string }[] };
    assert.deepEqual(doc.keys.map((k) => k.alg).sort(), ["ES256", "EdDSA", "RS256"]);
    assert.ok(
      doc.keys.every((k) => k.d === undefined),
      "a private member was published",
    );

    await writeFile(file, JSON.stringify({ keys: doc.keys.slice(1) }));
    const refreshed = await quickstart("--refresh");
    assert.match(refreshed, new RegExp(`drift of jwks: missing ${doc.keys[0]!.kid}\\n`));

    const repaired = await quickstart();
    assert.match(repaired, /~ 1 updated/);
    assert.deepEqual(JSON.parse(await readFile(file, "utf8")), doc);

    const destroyed = await quickstart("--destroy");
    assert.match(destroyed, /- 5 deleted/);
    await assert.rejects(readFile(file), { code: "ENOENT" });
  } finally {
    await rm(home.dir, { recursive: true, force: true });
    await rm(join(ROOT, "examples", name, `Pulumi.${stack}.yaml`), { force: true });
  }
}
