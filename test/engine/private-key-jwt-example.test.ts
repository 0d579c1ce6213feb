/**
 * The private-key-jwt example run as the README says (`bash scripts/example.sh private-key-jwt`): the script
 * starts a real oidc-provider on 127.0.0.1, registers a client, runs examples/private-key-jwt with the pulumi
 * CLI (up binds a generated key and switches the client to private_key_jwt), obtains a client_credentials token
 * with the bound private key, rotates the key and obtains one with the new key, previews no change, destroys
 * (saying the client is left with no key), and fails if any request body carried private key material.
 */
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { offlineHome, ROOT, script } from "./cli";

test("bash scripts/example.sh private-key-jwt: token with the bound key, rotation, destroy warns", async () => {
  const home = await offlineHome("jwk-private-key-jwt-example");
  const stack = `test-${process.pid}`;
  const env: NodeJS.ProcessEnv = { JWK_EXAMPLES_HOME: home.dir, JWK_EXAMPLES_STACK: stack, PULUMI_HOME: home.env.PULUMI_HOME };
  try {
    const r = await script("example.sh", ["private-key-jwt"], env);
    assert.equal(r.code, 0, `example failed:\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stderr, /oidc-provider at http:\/\/127\.0\.0\.1:\d+, client /);
    const tokens = [...r.stdout.matchAll(/access token obtained with key (\S+): bearer/g)].map((m) => m[1]);
    assert.equal(tokens.length, 2, r.stdout);
    assert.notEqual(tokens[0], tokens[1]); // the rotated key, not the first one again
    assert.match(r.stdout, /3 unchanged/);
    assert.match(r.stdout, /still authenticates with private_key_jwt but has no key left/);
  } finally {
    await rm(home.dir, { recursive: true, force: true });
    await rm(join(ROOT, "examples", "private-key-jwt", `Pulumi.${stack}.yaml`), { force: true });
  }
});
