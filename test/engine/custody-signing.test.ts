/**
 * Signing where the key lives, end to end (issue 19 items 2, 4 and 5), under the real Pulumi CLI on real servers
 * (scripts/lib/servers.sh: JWK_SERVERS="hydra openbao moto softhsm"): for every custody backend (Vault/OpenBao
 * transit, AWS KMS on moto, PKCS#11 on SoftHSM2, AWS Secrets Manager on moto, OpenBao KV v2), one scenario:
 * a `Jwk` in custody, a file `JwkSet` publishing its public half, a `ClientKeyBinding` on a Hydra client that
 * authenticates with private_key_jwt; a client_credentials token obtained with an assertion printed by
 * `pulumi-jwk client-assertion --key-uri ...` (signed inside OpenBao / KMS / the token, or from the store) and
 * verified against the published set; a rotation (a second Jwk bound, the first removed: the new key gets a
 * token, an assertion of the old key is refused); destroy. After each step the stack export and every backend
 * file are scanned for private members, the backend's credentials and, for the stores, the keys' raw private
 * bytes read back from the store (private-key-scan.ts). Then the library entry `pulumi-jwk/sign` signs each
 * algorithm the backend holds, with a signing input near KMS's 4 KiB raw-message limit, verified by jose.
 *
 * Kept out of the moto runs, being moto's deviations from AWS, not ours: PS256 (moto signs RSASSA-PSS with the
 * maximum salt, RFC 7518 wants the hash length), EdDSA (moto has no Ed25519 keys); this backend never uses
 * MessageType=DIGEST (which moto hashes again). The tests fail, not skip, when a server is absent.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import * as jose from "jose";
import { signJws } from "pulumi-jwk/sign";
import { canCreate } from "../../provider/custody/types";
import { custodyBackend } from "../../provider/registry/custody";
import { HydraAdmin } from "../oauth/hydra-admin";
import { newStack } from "./harness";
import { assertNoPrivateKey } from "./private-key-scan";
import {
  assertRefused,
  cliAssertion,
  knownPrivateValues,
  moto,
  motoSecrets,
  openBao,
  openBaoKv,
  program,
  softHsm,
  tokenWith,
  verifyAgainstPublished,
  type CustodyServer,
} from "./custody-signing-scenario";

async function bindSignRotateDestroy(server: CustodyServer): Promise<void> {
  const hydra = new HydraAdmin();
  const audience = hydra.tokenEndpoint;
  const clientId = `custody-${server.name}-${randomBytes(4).toString("hex")}`;
  const [first, second] = ["a", "b"].map((s) => `jwk-${clientId}-${s}`) as [string, string];
  // Hydra needs a key to create a private_key_jwt client: a partner's, which the bindings leave alone.
  const partner = await jose.generateKeyPair(server.alg, { extractable: true });
  const partnerJwk = { ...(await jose.exportJWK(partner.publicKey)), kid: "partner", alg: server.alg, use: "sig" };
  await hydra.createClient(clientId, { keys: [partnerJwk], signingAlg: server.alg });
  const kids = async () => (await hydra.keys(clientId)).map((k) => String(k.kid)).sort();
  const t = await newStack(`custody-signing-${server.name}`, async () => ({}));
  try {
    // A key in custody, published and bound: the CLI's assertion, signed in the backend, gets a token.
    const up1 = await t.stack.up({ program: program(server, hydra, clientId, first) });
    const kid1 = up1.outputs.kid!.value as string;
    assert.equal(up1.outputs.privateJwk?.value, undefined, "a key in custody has no privateJwk");
    assert.deepEqual(up1.outputs.published!.value, [kid1]);
    assert.deepEqual(up1.outputs.bound!.value, [kid1]);
    assert.deepEqual(await kids(), [kid1, "partner"].sort());
    // Nothing private in the state or the backend folder: the raw bytes too where the store lets us read them.
    const known = await knownPrivateValues(server, first);
    const scan = { privateValues: known, secrets: server.secrets };
    await assertNoPrivateKey(t.dir, scan);
    const assertion1 = await cliAssertion(server, first, kid1, clientId, audience);
    assert.deepEqual(await verifyAgainstPublished(t.dir, assertion1, clientId, audience), { alg: server.alg, kid: kid1, typ: "JWT" });
    const token1 = await tokenWith(audience, clientId, assertion1);
    assert.ok(token1.ok, `the custody key gets a token: ${JSON.stringify(token1)}`);
    const replay = await tokenWith(audience, clientId, assertion1);
    assert.ok(!replay.ok && replay.error === "jti_known", `Hydra refuses a replayed jti: ${JSON.stringify(replay)}`);
    // Signed now, sent after the rotation: never seen by Hydra, so only the key can make it fail.
    const stale = await cliAssertion(server, first, kid1, clientId, audience);

    // Rotation in one up: a second key in custody bound, the first one removed.
    const up2 = await t.stack.up({ program: program(server, hydra, clientId, second) });
    const kid2 = up2.outputs.kid!.value as string;
    assert.notEqual(kid2, kid1);
    assert.deepEqual(up2.outputs.published!.value, [kid2]);
    assert.deepEqual(await kids(), [kid2, "partner"].sort());
    known.push(...(await knownPrivateValues(server, second)));
    await assertNoPrivateKey(t.dir, scan);
    const assertion2 = await cliAssertion(server, second, kid2, clientId, audience);
    await verifyAgainstPublished(t.dir, assertion2, clientId, audience);
    const token2 = await tokenWith(audience, clientId, assertion2);
    assert.ok(token2.ok, `the new key gets a token: ${JSON.stringify(token2)}`);
    assertRefused(await tokenWith(audience, clientId, stale), "the rotated-out key's assertion");
    await t.stack.preview({ program: program(server, hydra, clientId, second), expectNoChanges: true });

    // Destroy: the binding takes its key off the client (the partner's stays); the backend keeps or schedules.
    let said = "";
    await t.stack.destroy({ onOutput: (s) => (said += s) });
    assert.deepEqual(await kids(), ["partner"]);
    assert.match(said, server.kept);
    await assertNoPrivateKey(t.dir, scan);
  } finally {
    await t.dispose();
  }
}

/** Creates a key per algorithm in the backend, signs with `pulumi-jwk/sign`, verifies with jose. */
async function signEachAlgorithm(server: CustodyServer, algs: string[]): Promise<void> {
  // Header and payload encoded: 4053 bytes of signing input, under KMS's 4096-byte raw-message limit.
  const payload = randomBytes(3000);
  for (const alg of algs) {
    const keyUri = server.keyUri(`jwk-alg-${alg.toLowerCase()}-${randomBytes(4).toString("hex")}`);
    const backend = custodyBackend(keyUri);
    assert.ok(canCreate(backend));
    const key = await backend.create({ uri: keyUri, alg }, {});
    const jws = await signJws({ keyUri, alg, kid: key.publicJwk.kid, payload });
    const signingInput = jws.slice(0, jws.lastIndexOf("."));
    assert.ok(signingInput.length > 4000 && signingInput.length <= 4096, `signing input of ${signingInput.length} bytes`);
    const verified = await jose.compactVerify(jws, await jose.importJWK({ ...key.publicJwk }, alg));
    assert.deepEqual(Buffer.from(verified.payload), payload, alg);
    assert.equal(verified.protectedHeader.kid, key.publicJwk.kid);
  }
}

test("vault-transit: Jwk in transit, published, bound to Hydra; CLI assertion signed in OpenBao gets a token; rotation; destroy", () =>
  bindSignRotateDestroy(openBao("ES256")));

test("awskms (moto): Jwk in KMS, published, bound to Hydra; CLI assertion signed in KMS gets a token; rotation; destroy", () =>
  bindSignRotateDestroy(moto("RS256")));

test("pkcs11 (SoftHSM2): Jwk on the token, published, bound to Hydra; CLI assertion signed on the token gets a token; rotation; destroy", () =>
  bindSignRotateDestroy(softHsm("ES256")));

test("awssm (moto): Jwk in Secrets Manager, published, bound to Hydra; CLI assertion signed from the store gets a token; rotation; destroy", () =>
  bindSignRotateDestroy(motoSecrets("ES256")));

test("vault-kv (OpenBao): Jwk in KV v2, published, bound to Hydra; CLI assertion signed from the store gets a token; rotation; destroy", () =>
  bindSignRotateDestroy(openBaoKv("RS256")));

test("vault-transit: pulumi-jwk/sign signs RS256, PS256, ES256, ES384, EdDSA in transit; jose verifies", () =>
  signEachAlgorithm(openBao("ES256"), ["RS256", "PS256", "ES256", "ES384", "EdDSA"]));

test("awskms (moto): pulumi-jwk/sign signs RS256, ES256, ES384 in KMS as raw messages; jose verifies", () =>
  signEachAlgorithm(moto("ES256"), ["RS256", "ES256", "ES384"]));

test("pkcs11 (SoftHSM2): pulumi-jwk/sign signs RS256, PS256, ES256, ES384 on the token; jose verifies", () =>
  signEachAlgorithm(softHsm("ES256"), ["RS256", "PS256", "ES256", "ES384"]));

test("awssm (moto) and vault-kv (OpenBao): pulumi-jwk/sign signs RS256, PS256, ES256, ES384, EdDSA with a stored key; jose verifies", async () => {
  await signEachAlgorithm(motoSecrets("ES256"), ["RS256", "PS256", "ES256", "ES384", "EdDSA"]);
  await signEachAlgorithm(openBaoKv("ES256"), ["RS256", "PS256", "ES256", "ES384", "EdDSA"]);
});
