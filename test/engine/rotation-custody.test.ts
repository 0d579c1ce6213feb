/**
 * A `KeyRotation` whose keys live in Vault/OpenBao transit (`keyUriTemplate`, issue 19), under the real CLI on a
 * real OpenBao dev server (scripts/lib/servers.sh: JWK_OPENBAO_ADDR, JWK_OPENBAO_TOKEN; the test fails, not skips,
 * without it) with a pinned clock (PULUMI_JWK_NOW). At every step a token signed inside transit with the current
 * key (`pulumi-jwk/sign` on `currentKeyUri`) verifies against the file the rotation publishes; the retired key's
 * token stops verifying when the key is removed, and transit keeps that key (the up says so). `pulumi stack
 * export` and every file of the backend folder hold no private JWK member; destroy keeps every key.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import * as jose from "jose";
import type { LocalWorkspace } from "@pulumi/pulumi/automation";
import { KeyRotation } from "pulumi-jwk";
import { signJws } from "pulumi-jwk/sign";
import { newStack, storedState } from "./harness";
import { assertNoPrivateKey } from "./private-key-scan";

const MIN = 60_000;
const T0 = Date.parse("2026-06-01T00:00:00Z");

function server(): { addr: string; token: string } {
  const addr = process.env.JWK_OPENBAO_ADDR;
  const token = process.env.JWK_OPENBAO_TOKEN;
  assert.ok(addr && token, "JWK_OPENBAO_ADDR and JWK_OPENBAO_TOKEN are not set: run under scripts/with-servers.sh (JWK_SERVERS=openbao)");
  return { addr, token };
}

async function transitKeys(prefix: string): Promise<string[]> {
  const { addr, token } = server();
  const r = await fetch(`${addr}/v1/transit/keys?list=true`, { headers: { "X-Vault-Token": token } });
  const body = (await r.json()) as { data?: { keys?: string[] } };
  return (body.data?.keys ?? []).filter((k) => k.startsWith(prefix)).sort();
}

test("KeyRotation in transit: keys created in transit per generation, published to a file; transit-signed tokens verify at every step", async () => {
  const { addr } = server();
  const prefix = `rot-${randomBytes(4).toString("hex")}`;
  const keyUriTemplate = `vault-transit:name=${prefix}-{generation}?address=${addr}&token-source=env:JWK_OPENBAO_TOKEN`;
  const { stack, dir, dispose } = await newStack("rotation-custody", async () => ({}));
  const path = join(dir, "public", "jwks.json");
  const program = async () => {
    const r = new KeyRotation("signing", {
      alg: "ES256",
      targets: [{ kind: "file", path }],
      rotateEvery: "60m",
      publishAhead: "10m",
      retireAfter: "15m",
      keyUriTemplate,
    });
    return { currentKid: r.currentKid, currentKeyUri: r.currentKeyUri, signingKey: r.currentPrivateJwk, published: r.publishedKeys };
  };
  let output = "";
  const upAt = async (minutes: number) => {
    (stack.workspace as LocalWorkspace).envVars.PULUMI_JWK_NOW = new Date(T0 + minutes * MIN).toISOString();
    output = "";
    const r = await stack.up({ program, onOutput: (s) => (output += s) });
    return {
      changes: r.summary.resourceChanges ?? {},
      kid: r.outputs.currentKid!.value as string,
      uri: r.outputs.currentKeyUri!.value as string,
      outputs: r.outputs,
    };
  };
  const sign = (keyUri: string, kid: string) =>
    signJws({ keyUri, alg: "ES256", kid, payload: JSON.stringify({ sub: "user" }), protectedHeader: { typ: "JWT" } });
  const verifies = async (token: string) =>
    jose.jwtVerify(token, jose.createLocalJWKSet(JSON.parse(await readFile(path, "utf8")) as jose.JSONWebKeySet)).then(
      () => true,
      () => false,
    );
  try {
    // 0: generation 1 is created in transit and signs at once; nothing private in the outputs.
    const first = await upAt(0);
    assert.equal(first.changes.create, 4);
    assert.match(first.uri, new RegExp(`name=${prefix}-1\\?`));
    assert.equal(first.outputs.signingKey?.value ?? undefined, undefined, "a rotation in custody has no private JWK");
    assert.deepEqual(await transitKeys(prefix), [`${prefix}-1`]);
    const t1 = await sign(first.uri, first.kid);
    assert.ok(await verifies(t1), "a token signed in transit by key 1 verifies");

    // 30: nothing due: no change, nothing created.
    assert.deepEqual((await upAt(30)).changes, { same: 4 });
    await stack.preview({ program, expectNoChanges: true });

    // 50: generation 2 is created in transit and published; key 1 still signs.
    const published = await upAt(50);
    assert.equal(published.kid, first.kid);
    assert.deepEqual(await transitKeys(prefix), [`${prefix}-1`, `${prefix}-2`]);
    assert.equal(JSON.parse(await readFile(path, "utf8")).keys.length, 2);
    assert.ok(await verifies(await sign(published.uri, published.kid)));

    // 60: key 2 is promoted and signs; key 1 is retiring, still published: its tokens verify.
    const promoted = await upAt(60);
    assert.notEqual(promoted.kid, first.kid);
    assert.match(promoted.uri, new RegExp(`name=${prefix}-2\\?`));
    const t2 = await sign(promoted.uri, promoted.kid);
    assert.ok(await verifies(t2), "a token signed in transit by key 2 verifies");
    assert.ok(await verifies(t1), "key 1's token verifies while it is retiring");

    // 75: key 1 is removed from the file; its token no longer verifies; transit keeps it, and the up says so.
    await upAt(75);
    assert.equal(await verifies(t1), false, "key 1's token no longer verifies after retirement");
    assert.ok(await verifies(t2));
    assert.ok(await verifies(await sign(promoted.uri, promoted.kid)));
    assert.match(
      output,
      new RegExp(`left the rotation: the key vault-transit:name=${prefix}-1\\?[^ ]* is kept in its vault-transit backend`),
    );
    assert.deepEqual(await transitKeys(prefix), [`${prefix}-1`, `${prefix}-2`]);

    // State holds public keys and references only: stack export and every backend file (history, backups) hold
    // no private member and not the token (transit never exports a key: its private bytes cannot be scanned for).
    await assertNoPrivateKey(dir, { secrets: [server().token] });
    assert.match(JSON.stringify(storedState(dir)), new RegExp(`"id":"transit/keys/${prefix}-2"`));

    // Destroy keeps every key in transit and says so.
    let destroyed = "";
    await stack.destroy({ onOutput: (s) => (destroyed += s) });
    assert.match(destroyed, new RegExp(`${prefix}-2\\?[^ ]* is kept in its vault-transit backend`));
    assert.deepEqual(await transitKeys(prefix), [`${prefix}-1`, `${prefix}-2`]);
  } finally {
    await dispose();
  }
});
