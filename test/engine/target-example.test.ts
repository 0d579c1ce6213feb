/**
 * A target example run as its README says (`bash scripts/example.sh janssen`): with no JANS_* variables the
 * script starts the Janssen emulator, exports its URL and test credentials and runs the program folder
 * examples/janssen with the pulumi CLI: up, no-change preview, destroy; the emulator must see no request or
 * response that breaks the config-api spec (the script fails then).
 */
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { offlineHome, ROOT, script } from "./cli";

test("bash scripts/example.sh janssen: against the emulator, up, no-change preview, destroy", async () => {
  const home = await offlineHome("jwk-janssen-example");
  const stack = `test-${process.pid}`;
  const env: NodeJS.ProcessEnv = { JWK_EXAMPLES_HOME: home.dir, JWK_EXAMPLES_STACK: stack, PULUMI_HOME: home.env.PULUMI_HOME };
  for (const k of Object.keys(process.env)) if (k.startsWith("JANS_")) env[k] = ""; // emulator mode
  try {
    const r = await script("example.sh", ["janssen"], env);
    assert.equal(r.code, 0, `example failed:\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stderr, /emulator at http:\/\/127\.0\.0\.1:\d+\/jans-config-api/);
    assert.match(r.stdout, /\+ 4 created/);
    assert.match(r.stdout, /4 unchanged/);
    assert.match(r.stdout, /- 4 deleted/);
    assert.match(r.stdout, /remove key .* \(2\/2\)/); // destroy withdrew both published keys
  } finally {
    await rm(home.dir, { recursive: true, force: true });
    await rm(join(ROOT, "examples", "janssen", `Pulumi.${stack}.yaml`), { force: true });
  }
});
