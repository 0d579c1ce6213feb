/**
 * The examples for the API targets run as a user would run them (a plain node process, against the emulators
 * they start themselves): up, a second preview with no changes, destroy, and no request that breaks the spec.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT } from "./harness";

// A stack of the tests' own: the examples' `dev` stacks belong to whoever runs them by hand.
const STACK = `test-${process.pid}`;

function runExample(name: string, args: string[] = [], home?: string): string {
  const env: NodeJS.ProcessEnv = { ...process.env, JWK_EXAMPLES_STACK: STACK, ...(home ? { JWK_EXAMPLES_HOME: home } : {}) };
  for (const k of Object.keys(env)) if (/^(OKTA|JANS)_/.test(k)) delete env[k]; // emulator mode
  const r = spawnSync(process.execPath, [join(ROOT, "dist", "examples", name, "run.js"), ...args], {
    env,
    encoding: "utf8",
    timeout: 180_000,
  });
  assert.equal(r.status, 0, `examples/${name} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

test("examples/quickstart (the README's quickstart): up, no-change preview, drift after a hand edit, repair, destroy", async () => {
  const home = await mkdtemp(join(tmpdir(), "jwk-quickstart-"));
  try {
    const out = runExample("quickstart", [], home);
    assert.match(out, /up: succeeded \{"create":5\}/);
    assert.match(out, /preview: \{"same":5\} -> no changes/);
    const file = join(home, "quickstart", "jwks.json");
    const doc = JSON.parse(await readFile(file, "utf8")) as { keys: { kid: string }[] };
    assert.equal(doc.keys.length, 3);
    await writeFile(file, JSON.stringify({ keys: doc.keys.slice(1) }));
    assert.match(runExample("quickstart", ["--refresh"], home), new RegExp(`drift of jwks: .*"missing":\\["${doc.keys[0]!.kid}"\\]`));
    assert.match(runExample("quickstart", [], home), /up: succeeded \{"same":4,"update":1\}/);
    assert.equal((JSON.parse(await readFile(file, "utf8")) as { keys: unknown[] }).keys.length, 3);
    assert.match(runExample("quickstart", ["--destroy"], home), /destroy: succeeded \{"delete":5\}/);
  } finally {
    await rm(home, { recursive: true, force: true });
    await rm(join(ROOT, "examples", "quickstart", `Pulumi.${STACK}.yaml`), { force: true });
  }
});

for (const name of ["okta", "janssen"]) {
  test(`examples/${name} runs against its emulator: up, no-change preview, destroy`, async () => {
    const out = runExample(name);
    assert.match(out, /up: succeeded \{"create":\d+\}/);
    assert.match(out, /preview: \{"same":\d+\} -> no changes/);
    assert.match(out, /destroy: succeeded \{"delete":\d+\}/);
    await rm(join(ROOT, "examples", name, `Pulumi.${STACK}.yaml`), { force: true });
  });
}
