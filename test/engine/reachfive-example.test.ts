/**
 * The ReachFive example run as its README says (`bash scripts/example.sh reachfive`): with no REACHFIVE_*
 * variables the script starts the ReachFive emulator, exports its URL, the example client and the management
 * credentials, and runs examples/reachfive with the pulumi CLI: up, no-change preview, destroy. The emulator must
 * see no request or response outside its spec (the script fails then).
 */
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { offlineHome, ROOT, script } from "./cli";

test("bash scripts/example.sh reachfive: against the emulator, up, no-change preview, destroy", async () => {
  const home = await offlineHome("jwk-reachfive-example");
  const stack = `test-${process.pid}`;
  const env: NodeJS.ProcessEnv = { JWK_EXAMPLES_HOME: home.dir, JWK_EXAMPLES_STACK: stack, PULUMI_HOME: home.env.PULUMI_HOME };
  for (const k of Object.keys(process.env)) if (k.startsWith("REACHFIVE_")) env[k] = ""; // emulator mode
  try {
    const r = await script("example.sh", ["reachfive"], env);
    assert.equal(r.code, 0, `example failed:\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stderr, /emulator at http:\/\/127\.0\.0\.1:\d+/);
    assert.match(r.stdout, /\+ 3 created/);
    assert.match(r.stdout, /3 unchanged/);
    assert.match(r.stdout, /- 3 deleted/);
    assert.match(r.stdout, /clientKeyPair\s*:\s*\{[^}]*keyPair\s*:\s*"client-specific"/);
  } finally {
    await rm(home.dir, { recursive: true, force: true });
    await rm(join(ROOT, "examples", "reachfive", `Pulumi.${stack}.yaml`), { force: true });
  }
});
