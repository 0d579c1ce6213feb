/**
 * A `Jwk` whose private half lives in Vault/OpenBao transit (issue 19), under the real CLI on a real OpenBao
 * dev server (scripts/lib/servers.sh: JWK_OPENBAO_ADDR, JWK_OPENBAO_TOKEN, transit mounted). The test fails,
 * not skips, when the server is absent.
 *
 * Proven: up creates the key in transit and publishes its public half with a file JwkSet; `pulumi stack export`
 * and every file of the backend folder (history and backups included) hold no private JWK member; a JWS signed
 * by transit (the backend's `sign`) verifies against the published set; preview and refresh see no change;
 * destroy keeps the transit key, and a new up adopts it (same kid).
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import * as jose from "jose";
import { Jwk, JwkSet } from "pulumi-jwk";
import { newStack } from "./harness";
import { assertNoPrivateKey } from "./private-key-scan";
import { custodyBackend } from "../../provider/registry/custody";
import { canSign } from "../../provider/custody/types";

function server(): { addr: string; token: string } {
  const addr = process.env.JWK_OPENBAO_ADDR;
  const token = process.env.JWK_OPENBAO_TOKEN;
  assert.ok(addr && token, "JWK_OPENBAO_ADDR and JWK_OPENBAO_TOKEN are not set: run under scripts/with-servers.sh (JWK_SERVERS=openbao)");
  return { addr, token };
}

async function transitKey(name: string): Promise<{ status: number; body: any }> {
  const { addr, token } = server();
  const r = await fetch(`${addr}/v1/transit/keys/${name}`, { headers: { "X-Vault-Token": token } });
  return { status: r.status, body: await r.json() };
}

test("vault-transit: a Jwk in transit, published by a file JwkSet; no private member in state or the backend folder; transit signs; destroy keeps the key", async () => {
  const { addr } = server();
  const name = `jwk-${randomBytes(4).toString("hex")}`;
  const keyUri = `vault-transit:name=${name}?address=${addr}&token-source=env:JWK_OPENBAO_TOKEN`;
  const t = await newStack("custody-vault", async () => {
    const key = new Jwk("signing", { alg: "ES256", keyUri });
    const set = new JwkSet("jwks", { target: { kind: "file", path: "out/jwks.json" }, keys: [key.publicJwk] });
    return { kid: key.kid, publicJwk: key.publicJwk, keyReference: key.keyReference, privateJwk: key.privateJwk, kids: set.kids };
  });
  try {
    const up = await t.stack.up();
    const kid = up.outputs.kid!.value as string;
    assert.deepEqual(up.outputs.keyReference!.value, { backend: "vault-transit", id: `transit/keys/${name}`, version: "1" });
    assert.equal(up.outputs.privateJwk?.value, undefined, "a key in custody has no privateJwk");
    assert.deepEqual(up.outputs.kids!.value, [kid]);

    // The key is in transit, not exportable, and its public half is the published one.
    const stored = await transitKey(name);
    assert.equal(stored.status, 200);
    assert.equal(stored.body.data.type, "ecdsa-p256");
    assert.equal(stored.body.data.exportable, false);
    const published = JSON.parse(await readFile(join(t.dir, "out/jwks.json"), "utf8")) as jose.JSONWebKeySet;
    assert.equal(published.keys.length, 1);
    assert.equal(published.keys[0]!.kid, kid);
    assert.equal(await jose.calculateJwkThumbprint(published.keys[0]!), kid);

    // No private member nor the token in the stored state nor in any file of the backend folder (history,
    // backups). Transit never exports the key, so its private bytes cannot be known to scan for.
    await assertNoPrivateKey(t.dir, { secrets: [server().token] });

    // A JWT signed inside transit verifies against the published set.
    const header = { alg: "ES256", kid, typ: "JWT" };
    const claims = {
      iss: "custody-test",
      sub: "s",
      aud: "a",
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(Date.now() / 1000) + 300,
    };
    const input = `${jose.base64url.encode(JSON.stringify(header))}.${jose.base64url.encode(JSON.stringify(claims))}`;
    const backend = custodyBackend(keyUri);
    assert.ok(canSign(backend), "the vault-transit backend signs");
    const signature = await backend.sign({ uri: keyUri, alg: "ES256" }, new TextEncoder().encode(input), {});
    const jwt = `${input}.${jose.base64url.encode(signature)}`;
    const verified = await jose.jwtVerify(jwt, jose.createLocalJWKSet(published), { issuer: "custody-test", audience: "a" });
    assert.equal(verified.protectedHeader.kid, kid);

    // Nothing changes on preview or refresh.
    const preview = await t.stack.preview({ expectNoChanges: true });
    assert.equal(preview.changeSummary.same, 3);
    const refresh = await t.stack.refresh();
    assert.deepEqual(refresh.summary.resourceChanges, { same: 3 });

    // Destroy keeps the key in transit; a new up adopts it (same kid, same version).
    let destroyOutput = "";
    await t.stack.destroy({ onOutput: (s) => (destroyOutput += s) });
    assert.match(destroyOutput, /is kept in its vault-transit backend/, "destroy says it keeps the key");
    assert.equal((await transitKey(name)).status, 200, "destroy keeps the transit key");
    const again = await t.stack.up();
    assert.equal(again.outputs.kid!.value, kid);
  } finally {
    await t.dispose();
  }
  assert.equal((await transitKey(name)).status, 200, "dispose (destroy) keeps the transit key");
});

test("vault-transit: what transit cannot hold and a token in the URI are refused at preview, naming the input", async () => {
  const { addr } = server();
  const t = await newStack("custody-vault-refused", async () => {
    // One resource with both problems: the engine stops at the first resource whose check fails.
    new Jwk("x25519", { alg: "ECDH-ES", keyUri: `vault-transit:name=nope?address=${addr}&token=s.PASTED-TOKEN-VALUE` });
  });
  try {
    let message = "";
    await t.stack.preview({ onOutput: (s) => (message += s) }).catch((e: Error) => (message += String(e)));
    assert.match(message, /a vault-transit key signs only: it can serve ES256/);
    assert.match(message, /attribute "token" would put a secret in the URI/);
    assert.doesNotMatch(message, /PASTED-TOKEN-VALUE/);
  } finally {
    await t.dispose();
  }
});

test("vault-transit: a changed rotationTrigger gives the transit key a new version (an update): new kid published, transit signs with it", async () => {
  const { addr } = server();
  const name = `jwk-${randomBytes(4).toString("hex")}`;
  const keyUri = `vault-transit:name=${name}?address=${addr}&token-source=env:JWK_OPENBAO_TOKEN`;
  let trigger = "2026-q1";
  const t = await newStack("custody-vault-rotate", async () => {
    const key = new Jwk("signing", { alg: "ES256", keyUri, rotationTrigger: trigger });
    const set = new JwkSet("jwks", { target: { kind: "file", path: "out/jwks.json" }, keys: [key.publicJwk] });
    return { kid: key.kid, keyReference: key.keyReference, kids: set.kids };
  });
  try {
    const first = await t.stack.up();
    const kid1 = first.outputs.kid!.value as string;
    assert.equal(first.outputs.keyReference!.value.version, "1");
    trigger = "2026-q2";
    const rotated = await t.stack.up();
    assert.deepEqual(rotated.summary.resourceChanges, { same: 1, update: 2 }, "the Jwk is updated in place, not replaced");
    const kid2 = rotated.outputs.kid!.value as string;
    assert.notEqual(kid2, kid1);
    assert.deepEqual(rotated.outputs.keyReference!.value, { backend: "vault-transit", id: `transit/keys/${name}`, version: "2" });
    assert.deepEqual(rotated.outputs.kids!.value, [kid2]);
    const stored = await transitKey(name);
    assert.deepEqual(Object.keys(stored.body.data.keys).sort(), ["1", "2"], "version 1 stays in transit");

    // Transit now signs with version 2, which verifies against the published set.
    const input = `${jose.base64url.encode(JSON.stringify({ alg: "ES256", kid: kid2 }))}.${jose.base64url.encode("{}")}`;
    const backend = custodyBackend(keyUri);
    assert.ok(canSign(backend));
    const signature = await backend.sign({ uri: keyUri, alg: "ES256" }, new TextEncoder().encode(input), {});
    const published = JSON.parse(await readFile(join(t.dir, "out/jwks.json"), "utf8")) as jose.JSONWebKeySet;
    await jose.compactVerify(`${input}.${jose.base64url.encode(signature)}`, jose.createLocalJWKSet(published));
    await t.stack.preview({ expectNoChanges: true });
  } finally {
    await t.dispose();
  }
});
