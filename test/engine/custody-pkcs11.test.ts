/**
 * A `Jwk` whose private half lives on a PKCS#11 token (issue 19), under the real CLI on a real SoftHSM2 token
 * (scripts/lib/servers.sh: JWK_SOFTHSM_MODULE, SOFTHSM2_CONF, JWK_SOFTHSM_TOKEN, JWK_SOFTHSM_PIN; one token per
 * run). The test fails, not skips, when the token is absent.
 *
 * Proven: up generates the key pair on the token and publishes its public half with a file JwkSet; `pulumi
 * stack export` and every file of the backend folder (history and backups included) hold no private JWK member
 * and not the PIN; a JWS signed by the token (the backend's `sign`) verifies against the published set; preview
 * and refresh see no change; destroy keeps the key on the token, and a new up adopts it (same kid).
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
import { withSession } from "../../provider/custody/pkcs11/session";
import { findObjects } from "../../provider/custody/pkcs11/objects";
import { parsePkcs11Uri, type Pkcs11Address } from "../../provider/custody/pkcs11/uri";

function token(): { module: string; label: string; pin: string } {
  const { JWK_SOFTHSM_MODULE: module, JWK_SOFTHSM_TOKEN: label, JWK_SOFTHSM_PIN: pin, SOFTHSM2_CONF: conf } = process.env;
  assert.ok(
    module && label && pin && conf,
    "JWK_SOFTHSM_MODULE, JWK_SOFTHSM_TOKEN, JWK_SOFTHSM_PIN and SOFTHSM2_CONF are not set: run under scripts/with-servers.sh (JWK_SERVERS=softhsm)",
  );
  return { module, label, pin };
}

/** How many private key objects the token holds under the URI's label. */
async function privateKeysAt(keyUri: string): Promise<number> {
  const address = parsePkcs11Uri(keyUri, "keyUri") as Pkcs11Address;
  return withSession(address, false, (s) => findObjects(s, "private", address.object).length);
}

test("pkcs11: a Jwk on a SoftHSM2 token, published by a file JwkSet; no private member nor PIN in state or the backend folder; the token signs; destroy keeps the key", async () => {
  const { module, label, pin } = token();
  const object = `jwk-${randomBytes(4).toString("hex")}`;
  const keyUri = `pkcs11:token=${label};object=${object}?module-path=${module}&pin-source=env:JWK_SOFTHSM_PIN`;
  const t = await newStack("custody-pkcs11", async () => {
    const key = new Jwk("signing", { alg: "ES256", keyUri });
    const set = new JwkSet("jwks", { target: { kind: "file", path: "out/jwks.json" }, keys: [key.publicJwk] });
    return { kid: key.kid, publicJwk: key.publicJwk, keyReference: key.keyReference, privateJwk: key.privateJwk, kids: set.kids };
  });
  try {
    const up = await t.stack.up();
    const kid = up.outputs.kid!.value as string;
    const reference = up.outputs.keyReference!.value as { backend: string; id: string };
    assert.equal(reference.backend, "pkcs11");
    assert.match(reference.id, new RegExp(`^token=${label};object=${object};id=(%[0-9a-f]{2}){8}$`));
    assert.equal(up.outputs.privateJwk?.value, undefined, "a key in custody has no privateJwk");
    assert.deepEqual(up.outputs.kids!.value, [kid]);
    assert.equal(await privateKeysAt(keyUri), 1, "the key pair is on the token");

    const published = JSON.parse(await readFile(join(t.dir, "out/jwks.json"), "utf8")) as jose.JSONWebKeySet;
    assert.equal(published.keys.length, 1);
    assert.equal(published.keys[0]!.kid, kid);
    assert.equal(await jose.calculateJwkThumbprint(published.keys[0]!), kid);

    // No private member and no PIN in the stored state nor in any file of the backend folder (history, backups).
    // The key is CKA_SENSITIVE and not extractable: its private bytes cannot be known to scan for.
    await assertNoPrivateKey(t.dir, { secrets: [pin] });

    // A JWT signed on the token verifies against the published set.
    const header = { alg: "ES256", kid, typ: "JWT" };
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: "custody-test", sub: "s", aud: "a", iat: now, exp: now + 300 };
    const input = `${jose.base64url.encode(JSON.stringify(header))}.${jose.base64url.encode(JSON.stringify(claims))}`;
    const backend = custodyBackend(keyUri);
    assert.ok(canSign(backend), "the pkcs11 backend signs");
    const signature = await backend.sign({ uri: keyUri, alg: "ES256" }, new TextEncoder().encode(input), {});
    const verified = await jose.jwtVerify(`${input}.${jose.base64url.encode(signature)}`, jose.createLocalJWKSet(published), {
      issuer: "custody-test",
      audience: "a",
    });
    assert.equal(verified.protectedHeader.kid, kid);

    // Nothing changes on preview or refresh.
    const preview = await t.stack.preview({ expectNoChanges: true });
    assert.equal(preview.changeSummary.same, 3);
    const refresh = await t.stack.refresh();
    assert.deepEqual(refresh.summary.resourceChanges, { same: 3 });

    // Destroy keeps the key on the token; a new up adopts it (same kid).
    let destroyOutput = "";
    await t.stack.destroy({ onOutput: (s) => (destroyOutput += s) });
    assert.match(destroyOutput, /is kept in its pkcs11 backend/, "destroy says it keeps the key");
    assert.equal(await privateKeysAt(keyUri), 1, "destroy keeps the key on the token");
    const again = await t.stack.up();
    assert.equal(again.outputs.kid!.value, kid);
    assert.equal(await privateKeysAt(keyUri), 1, "the second up adopted the key, made no other");
  } finally {
    await t.dispose();
  }
  assert.equal(await privateKeysAt(keyUri), 1, "dispose (destroy) keeps the key");
});

test("pkcs11: a PIN in the URI and an algorithm the token backend cannot serve are refused at preview, never printing the PIN", async () => {
  const { module, label } = token();
  const t = await newStack("custody-pkcs11-refused", async () => {
    new Jwk("x25519", { alg: "EdDSA", keyUri: `pkcs11:token=${label};object=nope?module-path=${module}&pin-value=PASTED-PIN-4242` });
  });
  try {
    let message = "";
    await t.stack.preview({ onOutput: (s) => (message += s) }).catch((e: Error) => (message += String(e)));
    assert.match(message, /a pkcs11: key signs only: it can serve ES256, ES384/);
    assert.match(message, /attribute "pin-value" would put a secret in the URI/);
    assert.doesNotMatch(message, /PASTED-PIN-4242/);
  } finally {
    await t.dispose();
  }
});
