/**
 * The examples for the API targets run as a user would run them (a plain node process, against the emulators
 * they start themselves): up, a second preview with no changes, destroy, and no request that breaks the spec.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT } from "./harness";

function runExample(name: string): string {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (/^(OKTA|JANS)_/.test(k)) delete env[k]; // emulator mode
  const r = spawnSync(process.execPath, [join(ROOT, "dist", "examples", name, "run.js")], { env, encoding: "utf8", timeout: 180_000 });
  assert.equal(r.status, 0, `examples/${name} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

for (const name of ["okta", "janssen"]) {
  test(`examples/${name} runs against its emulator: up, no-change preview, destroy`, () => {
    const out = runExample(name);
    assert.match(out, /up: succeeded \{"create":\d+\}/);
    assert.match(out, /preview: \{"same":\d+\} -> no changes/);
    assert.match(out, /destroy: succeeded \{"delete":\d+\}/);
  });
}
