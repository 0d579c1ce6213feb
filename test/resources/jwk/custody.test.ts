import { expect, test } from "vitest";
import { generateKeyPairSync } from "node:crypto";
import { createJwk, diffJwk, jwkInputFailures, updateJwk, type JwkInputs } from "../../../provider/resources/jwk/logic";
import { custodyOutputs, destroyCustodyJwk, refreshCustodyJwk } from "../../../provider/resources/jwk/custody";
import { newAgent } from "../../http/mock-http";
import { jwkThumbprint } from "../../../provider/core/keys/thumbprint";

const URI = "vault-transit:name=jwk-signing?address=http://127.0.0.1:8200&token-source=env:VAULT_TOKEN";
const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "jwk" }) as Record<string, string>;
const bare = { kty: "EC", crv: "P-256", x: ec.x!, y: ec.y! };
const key = {
  publicJwk: { ...bare, kid: jwkThumbprint(bare) },
  reference: { backend: "vault-transit", id: "transit/keys/jwk-signing", version: "1" },
  state: "enabled" as const,
};
const reasons = async (inputs: JwkInputs) => (await jwkInputFailures(inputs)).map((f) => `${f.property}: ${f.reason}`);

test("with keyUri, imported keys, a chain, a self-signed certificate and a rotationTrigger the backend cannot honour are refused", async () => {
  const r = await reasons({
    alg: "ES256",
    keyUri: "awskms:alias=jwk-signing;region=eu-west-1",
    privateKeyPem: "(any text: refused with keyUri before it is parsed)",
    x5c: ["MII"],
    certificate: {},
    rotationTrigger: 1,
  });
  expect(r).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^privateKeyPem: a key in custody/),
      expect.stringMatching(/^x5c: a key in custody/),
      expect.stringMatching(/^certificate: /),
    ]),
  );
  // An awskms key named by alias rotates (a new key the alias moves to); one named by key id cannot.
  expect(r.filter((x) => x.startsWith("rotationTrigger: cannot rotate"))).toEqual([]);
  expect(
    await reasons({ alg: "ES256", keyUri: "awskms:key-id=1234abcd-12ab-34cd-56ef-1234567890ab;region=eu-west-1", rotationTrigger: 1 }),
  ).toEqual([expect.stringMatching(/^rotationTrigger: cannot rotate an awskms key named by key-id: .* Name the key by alias= instead/)]);
  expect(await reasons({ alg: "ES256", keyUri: URI })).toEqual([]);
  // Backends that version keys rotate them: transit (a new version), the secret stores (a new secret version).
  expect(await reasons({ alg: "ES256", keyUri: URI, rotationTrigger: 1 })).toEqual([]);
  expect(await reasons({ alg: "ES256", keyUri: "vault-kv:path=jwk/a?address=http://127.0.0.1:8200", rotationTrigger: 1 })).toEqual([]);
  const pkcs11 = "pkcs11:token=t;object=k?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-source=env:PIN";
  expect(await reasons({ alg: "ES256", keyUri: pkcs11, rotationTrigger: 1 })).toEqual([
    expect.stringMatching(
      /^rotationTrigger: cannot rotate a pkcs11 key in place: a token object has no versions, .*naming a new object in keyUri .*or use a KeyRotation with keyUriTemplate/,
    ),
  ]);
});

test("a changed rotationTrigger on a key in a backend that versions keys is an update (a new version), elsewhere a replace", async () => {
  const outs = custodyOutputs(key, { alg: "ES256", keyUri: URI, rotationTrigger: 1 }, "sig");
  expect(outs.rotationTrigger).toBe(1);
  expect(await diffJwk(outs, { alg: "ES256", keyUri: URI, rotationTrigger: 1 })).toEqual({ changes: false, replaces: [] });
  expect(await diffJwk(outs, { alg: "ES256", keyUri: URI, rotationTrigger: 2 })).toEqual({ changes: true, replaces: [] });
  const other = URI.replace("jwk-signing", "jwk-signing-2");
  expect((await diffJwk(outs, { alg: "ES256", keyUri: other, rotationTrigger: 2 })).replaces).toEqual(["keyUri", "rotationTrigger"]);
});

test("with keyUri, the backend's refusals come at check: a token value, an algorithm transit cannot hold, an unknown scheme", async () => {
  // Named in the reason, not as the property: the engine would print the property's value (the token).
  expect(await jwkInputFailures({ alg: "ES256", keyUri: `${URI}&token=s.abc` })).toEqual([
    { property: "", reason: expect.stringMatching(/^keyUri: attribute "token" would put a secret/) },
  ]);
  expect((await reasons({ alg: "ECDH-ES", keyUri: URI }))[0]).toMatch(/^alg: a vault-transit key signs only/);
  expect((await reasons({ alg: "ES256", keyUri: "gcpkms:projects/p" }))[0]).toMatch(/^keyUri: unknown key URI scheme "gcpkms:"/);
});

test("the outputs of a key in custody: public JWK with the Jwk's metadata, keyReference, no private member", () => {
  const outs = custodyOutputs(key, { alg: "ES256", keyUri: URI, keyOps: ["sign", "verify"] }, "sig");
  expect(outs).toEqual({
    kid: jwkThumbprint(bare),
    crv: "P-256",
    publicJwk: { ...bare, kid: jwkThumbprint(bare), alg: "ES256", use: "sig", key_ops: ["verify"] },
    alg: "ES256",
    use: "sig",
    keyOps: ["sign", "verify"],
    imported: false,
    keyUri: URI,
    keyReference: key.reference,
  });
  expect("privateJwk" in outs).toBe(false);
  expect(custodyOutputs(key, { alg: "ES256", keyUri: URI, kid: "mine" }, "sig").publicJwk.kid).toBe("mine");
});

test("a changed keyUri replaces the Jwk; so does moving a key in state into a KMS; kid and keyOps update in place", async () => {
  const outs = custodyOutputs(key, { alg: "ES256", keyUri: URI }, "sig");
  expect((await diffJwk(outs, { alg: "ES256", keyUri: URI })).changes).toBe(false);
  expect((await diffJwk(outs, { alg: "ES256", keyUri: URI.replace("jwk-signing", "other") })).replaces).toEqual(["keyUri"]);
  expect(await diffJwk(outs, { alg: "ES256", keyUri: URI, kid: "k2" })).toEqual({ changes: true, replaces: [] });
  const updated = await updateJwk(outs, { alg: "ES256", keyUri: URI, kid: "k2" });
  expect(updated.publicJwk).toMatchObject({ ...bare, kid: "k2" });
  expect(updated.keyReference).toEqual(key.reference);
  const inState = await createJwk({ alg: "ES256" });
  expect((await diffJwk(inState, { alg: "ES256", keyUri: URI })).replaces).toEqual(["keyUri"]);
});

test("refresh: a key gone from transit drops the Jwk, another public half is stored and warned about; destroy keeps the key", async () => {
  process.env.VAULT_TOKEN = process.env.VAULT_TOKEN ?? "t";
  const agent = newAgent();
  const outs = custodyOutputs(key, { alg: "ES256", keyUri: URI }, "sig");
  const vault = agent.get("http://127.0.0.1:8200");
  vault
    .intercept({ path: "/v1/transit/keys/jwk-signing", method: "GET" })
    .reply(404, { errors: [] }, { headers: { "content-type": "application/json" } });
  expect(await refreshCustodyJwk(outs, { dispatcher: agent })).toEqual({
    outs: undefined,
    warnings: [expect.stringMatching(/is gone from its backend/)],
  });
  const other = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "pem", type: "spki" }) as string;
  vault
    .intercept({ path: "/v1/transit/keys/jwk-signing", method: "GET" })
    .reply(
      200,
      { data: { type: "ecdsa-p256", latest_version: 2, keys: { "2": { public_key: other } } } },
      { headers: { "content-type": "application/json" } },
    );
  const r = await refreshCustodyJwk(outs, { dispatcher: agent });
  expect(r.warnings).toEqual([expect.stringMatching(/has another public half now/)]);
  expect(r.outs?.keyReference?.version).toBe("2");
  expect(r.outs?.kid).not.toBe(outs.kid);
  expect(await destroyCustodyJwk(outs, { dispatcher: agent })).toMatch(/is kept in its vault-transit backend/);
  await agent.close();
});

test("a key in state moving into a secret store (awssm, vault-kv) is an in-place update; into a KMS, out of a store, or with another shape it is a replace", async () => {
  const store = "vault-kv:path=jwk/signing?address=http://127.0.0.1:8200";
  const inState = await createJwk({ alg: "ES256" });
  expect(await diffJwk(inState, { alg: "ES256", keyUri: store })).toEqual({ changes: true, replaces: [] });
  expect(await diffJwk(inState, { alg: "ES256", keyUri: "awssm:name=jwk/signing;region=eu-west-1" })).toEqual({
    changes: true,
    replaces: [],
  });
  expect((await diffJwk(inState, { alg: "ES256", keyUri: store, crv: "P-384" })).replaces).toContain("crv");
  expect((await diffJwk(inState, { alg: "ES256", keyUri: "gcpkms:projects/p" })).replaces).toEqual(["keyUri"]);
  const imported = await createJwk({
    alg: "RS256",
    privateJwk: (await createJwk({ alg: "RS256", modulusLength: 3072 })).privateJwk as Record<string, unknown>,
  });
  expect(await diffJwk(imported, { alg: "RS256", keyUri: store })).toEqual({ changes: true, replaces: [] });
  expect((await diffJwk(imported, { alg: "RS256", keyUri: store, modulusLength: 2048 })).replaces).toEqual(["modulusLength"]);
  // Out of a store into state, or into another store: another key.
  const inStore = custodyOutputs(key, { alg: "ES256", keyUri: store }, "sig");
  expect((await diffJwk(inStore, { alg: "ES256" })).replaces).toEqual(["keyUri"]);
  expect((await diffJwk(inStore, { alg: "ES256", keyUri: store.replace("signing", "other") })).replaces).toEqual(["keyUri"]);
});
