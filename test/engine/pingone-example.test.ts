/**
 * The PingOne example run as its README says (`bash scripts/example.sh pingone`): with no PINGONE_* variables the
 * script starts the PingOne emulator, exports its URLs and the worker app's test credentials, and runs the program
 * folder examples/pingone with the pulumi CLI: up, no-change preview, destroy; the emulator must see no request or
 * response that breaks PingOne's spec (the script fails then).
 */
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { offlineHome, ROOT, script } from "./cli";

test("bash scripts/example.sh pingone: against the emulator, up, no-change preview, destroy", async () => {
  const home = await offlineHome("jwk-pingone-example");
  const stack = `test-${process.pid}`;
  const env: NodeJS.ProcessEnv = { JWK_EXAMPLES_HOME: home.dir, JWK_EXAMPLES_STACK: stack, PULUMI_HOME: home.env.PULUMI_HOME };
  for (const k of Object.keys(process.env)) if (k.startsWith("PINGONE_")) env[k] = ""; // emulator mode
  try {
    const r = await script("example.sh", ["pingone"], env);
    assert.equal(r.code, 0, `example failed:\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stderr, /emulator at http:\/\/127\.0\.0\.1:\d+\/v1/);
    assert.match(r.stdout, /\+ 3 created/);
    assert.match(r.stdout, /nextKid\s*: "[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-/); // a time-based UUID
    assert.match(r.stdout, /3 unchanged/);
    assert.match(r.stdout, /- 3 deleted/);
  } finally {
    await rm(home.dir, { recursive: true, force: true });
    await rm(join(ROOT, "examples", "pingone", `Pulumi.${stack}.yaml`), { force: true });
  }
});
