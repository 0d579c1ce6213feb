/**
 * The Python ClientKeyBinding example run as docs/other-languages.md says (`bash scripts/example.sh
 * python-binding`), on the real Ory Hydra the test run started (JWK_HYDRA_ADMIN_URL; the script starts its own
 * when run by hand): under the Python language host, up binds a generated ES256 key and switches the client to
 * private_key_jwt; a client_credentials token is obtained with the bound key by private_key_jwt; after the
 * rotation the new key gets one and the old one is refused; a no-change preview; destroy. Fails, not skips,
 * without the server.
 */
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { HydraAdmin } from "../oauth/hydra-admin";
import { offlineHome, ROOT, script } from "./cli";

test("bash scripts/example.sh python-binding: Python binding on Hydra, token by private_key_jwt, rotation, old key refused", async (t) => {
  const admin = new HydraAdmin(); // throws when the run started no Hydra
  const home = await offlineHome("jwk-python-binding");
  const stack = `test-${process.pid}`;
  const env: NodeJS.ProcessEnv = {
    JWK_EXAMPLES_HOME: home.dir,
    JWK_EXAMPLES_STACK: stack,
    PULUMI_HOME: home.env.PULUMI_HOME,
    JWK_HYDRA_ADMIN_URL: admin.adminUrl,
    JWK_HYDRA_PUBLIC_URL: admin.publicUrl,
  };
  try {
    const started = Date.now();
    const r = await script("example.sh", ["python-binding"], env);
    t.diagnostic(`example.sh python-binding: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    assert.equal(r.code, 0, `example failed:\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stderr, new RegExp(`hydra at ${admin.publicUrl}, client python-binding-`));
    const tokens = [...r.stdout.matchAll(/access token obtained with key (\S+): bearer/gi)].map((m) => m[1]);
    assert.equal(tokens.length, 2, r.stdout);
    assert.notEqual(tokens[0], tokens[1]); // the rotated key, not the first one again
    assert.match(r.stdout, new RegExp(`token request with key ${tokens[0]} refused: invalid_\\w+`)); // Hydra: invalid_request (no such kid)
    assert.match(r.stdout, /3 unchanged/);
    assert.match(r.stdout, /- 3 deleted/);
  } finally {
    await rm(home.dir, { recursive: true, force: true });
    await rm(join(ROOT, "examples", "python-binding", `Pulumi.${stack}.yaml`), { force: true });
  }
});
