import { afterEach, beforeEach, expect, test } from "vitest";
import { generateKeyPairSync, sign, verify, createPublicKey } from "node:crypto";
import type { MockAgent } from "undici";
import { JSON_HEADERS, newAgent, seen } from "../../http/mock-http";
import { vaultTransitBackend as backend } from "../../../provider/vendors/vault/custody";
import { custodyBackend, custodyFailures, CUSTODY_SCHEMES } from "../../../provider/registry/custody";
import { jwkThumbprint } from "../../../provider/core/keys/thumbprint";

const ADDR = "http://127.0.0.1:8200";
const URI = `vault-transit:name=jwk-signing?address=${ADDR}&token-source=env:CUSTODY_VAULT_TEST_TOKEN`;
let agent: MockAgent;
const vault = () => agent.get(ADDR);

beforeEach(() => {
  agent = newAgent();
  process.env.CUSTODY_VAULT_TEST_TOKEN = "test-token";
});
afterEach(async () => {
  await agent.close();
});

const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
const keyBody = (type: string, publicKey: string, latest = 1) => ({
  data: { type, latest_version: latest, keys: { [String(latest)]: { public_key: publicKey, name: "P-256" } } },
});
const pem = ec.publicKey.export({ format: "pem", type: "spki" }) as string;

test("describe: the latest version's public key as a bare JWK, kid the RFC 7638 thumbprint; a 404 is no key", async () => {
  vault()
    .intercept({ path: "/v1/transit/keys/jwk-signing", method: "GET" })
    .reply(200, keyBody("ecdsa-p256", pem, 3), { headers: JSON_HEADERS });
  const key = await backend.describe({ uri: URI, alg: "ES256" }, { dispatcher: agent });
  const jwk = ec.publicKey.export({ format: "jwk" });
  expect(key).toEqual({
    publicJwk: { kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y, kid: jwkThumbprint(jwk as Record<string, unknown>) },
    reference: { backend: "vault-transit", id: "transit/keys/jwk-signing", version: "3" },
    state: "enabled",
  });
  expect(seen(agent)[0]!.headers.authorization).toBe("Bearer test-token");
  vault().intercept({ path: "/v1/transit/keys/jwk-signing", method: "GET" }).reply(404, { errors: [] }, { headers: JSON_HEADERS });
  expect(await backend.describe({ uri: URI, alg: "ES256" }, { dispatcher: agent })).toBeUndefined();
});

test("describe: an ed25519 key's raw base64 public key; mount and namespace make the path", async () => {
  const ed = generateKeyPairSync("ed25519");
  const x = ed.publicKey.export({ format: "jwk" }).x!;
  vault()
    .intercept({ path: "/v1/team/keys-engine/keys/k1", method: "GET" })
    .reply(200, keyBody("ed25519", Buffer.from(x, "base64url").toString("base64")), { headers: JSON_HEADERS });
  const key = await backend.describe(
    {
      uri: `vault-transit:name=k1;mount=keys-engine;namespace=team?address=${ADDR}&token-source=env:CUSTODY_VAULT_TEST_TOKEN`,
      alg: "EdDSA",
    },
    { dispatcher: agent },
  );
  expect(key?.publicJwk).toMatchObject({ kty: "OKP", crv: "Ed25519", x });
});

test("create reads first and adopts an existing key of the right type without a POST", async () => {
  vault()
    .intercept({ path: "/v1/transit/keys/jwk-signing", method: "GET" })
    .reply(200, keyBody("ecdsa-p256", pem), { headers: JSON_HEADERS });
  const key = await backend.create({ uri: URI, alg: "ES256" }, { dispatcher: agent });
  expect(key.publicJwk.kty).toBe("EC");
  expect(seen(agent, { method: "POST" })).toEqual([]);
});

test("create refuses an existing key of another type, naming what the alg needs", async () => {
  vault()
    .intercept({ path: "/v1/transit/keys/jwk-signing", method: "GET" })
    .reply(200, keyBody("ecdsa-p256", pem), { headers: JSON_HEADERS });
  await expect(backend.create({ uri: URI, alg: "RS256" }, { dispatcher: agent })).rejects.toThrow(/ecdsa-p256; alg RS256 needs rsa-2048/);
});

test("create makes a non-exportable key of the type the alg and size need, then reads it", async () => {
  const rsa = generateKeyPairSync("rsa", { modulusLength: 3072 });
  vault().intercept({ path: "/v1/transit/keys/jwk-signing", method: "GET" }).reply(404, { errors: [] }, { headers: JSON_HEADERS });
  vault().intercept({ path: "/v1/transit/keys/jwk-signing", method: "POST" }).reply(204, "");
  vault()
    .intercept({ path: "/v1/transit/keys/jwk-signing", method: "GET" })
    .reply(200, keyBody("rsa-3072", rsa.publicKey.export({ format: "pem", type: "spki" }) as string), { headers: JSON_HEADERS });
  const key = await backend.create({ uri: URI, alg: "PS256", modulusLength: 3072 }, { dispatcher: agent });
  expect(key.publicJwk.kty).toBe("RSA");
  expect(JSON.parse(seen(agent, { method: "POST" })[0]!.body!)).toEqual({
    type: "rsa-3072",
    exportable: false,
    allow_plaintext_backup: false,
  });
});

test("sign: ECDSA asked in DER and returned as JOSE r||s that verifies", async () => {
  const data = Buffer.from("header.payload");
  const der = sign("sha256", data, ec.privateKey);
  vault()
    .intercept({ path: "/v1/transit/sign/jwk-signing/sha2-256", method: "POST" })
    .reply(200, { data: { signature: `vault:v1:${der.toString("base64")}` } }, { headers: JSON_HEADERS });
  const sig = await backend.sign({ uri: URI, alg: "ES256" }, data, { dispatcher: agent });
  expect(sig.length).toBe(64);
  expect(verify("sha256", data, { key: ec.publicKey, dsaEncoding: "ieee-p1363" }, sig)).toBe(true);
  expect(JSON.parse(seen(agent)[0]!.body!)).toEqual({ input: data.toString("base64"), prehashed: false, marshaling_algorithm: "asn1" });
});

test("sign: PS256 asks for PSS with the salt as long as the hash (RFC 7518), RS384 for PKCS#1 v1.5 with SHA-384", async () => {
  vault()
    .intercept({ path: "/v1/transit/sign/jwk-signing/sha2-256", method: "POST" })
    .reply(200, { data: { signature: "vault:v2:AAEC" } }, { headers: JSON_HEADERS });
  expect([...(await backend.sign({ uri: URI, alg: "PS256" }, Buffer.from("x"), { dispatcher: agent }))]).toEqual([0, 1, 2]);
  vault()
    .intercept({ path: "/v1/transit/sign/jwk-signing/sha2-384", method: "POST" })
    .reply(200, { data: { signature: "vault:v2:AAEC" } }, { headers: JSON_HEADERS });
  await backend.sign({ uri: URI, alg: "RS384" }, Buffer.from("x"), { dispatcher: agent });
  const [ps, rs] = seen(agent).map((r) => JSON.parse(r.body!));
  expect(ps).toMatchObject({ signature_algorithm: "pss", salt_length: "hash", prehashed: false });
  expect(rs).toMatchObject({ signature_algorithm: "pkcs1v15" });
});

test("a missing token variable is named, and nothing is sent", async () => {
  delete process.env.CUSTODY_VAULT_TEST_TOKEN;
  await expect(backend.describe({ uri: URI, alg: "ES256" }, { dispatcher: agent })).rejects.toThrow(/CUSTODY_VAULT_TEST_TOKEN is not set/);
  expect(seen(agent)).toEqual([]);
});

test("requestFailures: algorithms transit cannot hold are refused naming those it can; URI problems are named", () => {
  const reasons = (alg: string, uri = URI, modulusLength?: number) =>
    backend.requestFailures({ uri, alg, modulusLength }, "keyUri").map((f) => `${f.property}: ${f.reason}`);
  expect(reasons("ES256")).toEqual([]);
  expect(reasons("ES512")).toEqual([]);
  expect(reasons("ECDH-ES")[0]).toMatch(/^alg: .*signs only.*ES256, ES384, ES512, RS256.*EdDSA/);
  expect(reasons("RSA-OAEP-256")[0]).toMatch(/^alg: /);
  expect(reasons("RS256", URI, 2560)).toEqual(["modulusLength: transit RSA keys have 2048, 3072 or 4096 bits, not 2560"]);
  expect(reasons("ES256", "vault-transit:name=k?address=http://vault.example:8200")[0]).toMatch(
    /plain http is allowed for loopback hosts only/,
  );
  expect(reasons("ES256", "vault-transit:mount=transit?address=http://127.0.0.1:8200")[0]).toMatch(/needs name=/);
  expect(reasons("ES256", "vault-transit:name=k")[0]).toMatch(/needs \?address=/);
  expect(reasons("ES256", "vault-transit:name=k;region=x?address=http://127.0.0.1:1")[0]).toMatch(/unknown attribute "region"/);
  expect(reasons("ES256", "vault-transit:name=k?address=http://127.0.0.1:1&token=abc")[0]).toMatch(/attribute "token" would put a secret/);
  expect(reasons("ES256", "vault-transit:name=k?address=http://127.0.0.1:1&token-source=abc")[0]).toMatch(/token-source must be/);
});

test("the registry chooses the backend by scheme; an unknown scheme names the known ones", () => {
  expect(CUSTODY_SCHEMES).toContain("vault-transit");
  expect(custodyBackend(URI)).toBe(backend);
  expect(custodyFailures({ uri: "gcpkms:projects/p", alg: "ES256" }, "keyUri")).toEqual([
    { property: "keyUri", reason: expect.stringMatching(/unknown key URI scheme "gcpkms:"; this package knows (\S+:, )*vault-transit:/) },
  ]);
  expect(() => custodyBackend("nope:x=y")).toThrow(/unknown key URI scheme "nope:"/);
  expect(createPublicKey(pem).asymmetricKeyType).toBe("ec");
});

test("rotateKey: POST keys/<name>/rotate once, then the new latest version; a key already past the known version is not rotated again", async () => {
  const next = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "pem", type: "spki" }) as string;
  vault()
    .intercept({ path: "/v1/transit/keys/jwk-signing", method: "GET" })
    .reply(200, keyBody("ecdsa-p256", pem, 1), { headers: JSON_HEADERS });
  vault().intercept({ path: "/v1/transit/keys/jwk-signing/rotate", method: "POST" }).reply(204, "");
  vault()
    .intercept({ path: "/v1/transit/keys/jwk-signing", method: "GET" })
    .reply(200, keyBody("ecdsa-p256", next, 2), { headers: JSON_HEADERS });
  const known = { backend: "vault-transit", id: "transit/keys/jwk-signing", version: "1" };
  const rotated = await backend.rotateKey({ uri: URI, alg: "ES256" }, known, { dispatcher: agent });
  expect(rotated.reference.version).toBe("2");
  expect(rotated.publicJwk.kid).toBe(jwkThumbprint(createPublicKey(next).export({ format: "jwk" }) as Record<string, unknown>));
  // A retried rotation: transit is at version 2 already, past the version 1 the caller knew.
  vault()
    .intercept({ path: "/v1/transit/keys/jwk-signing", method: "GET" })
    .reply(200, keyBody("ecdsa-p256", next, 2), { headers: JSON_HEADERS });
  expect((await backend.rotateKey({ uri: URI, alg: "ES256" }, known, { dispatcher: agent })).reference.version).toBe("2");
  expect(seen(agent, { method: "POST" })).toHaveLength(1);
  agent.assertNoPendingInterceptors();
});

test("rotateKey refuses a URI pinning a version, before sending anything", async () => {
  const known = { backend: "vault-transit", id: "transit/keys/jwk-signing", version: "1" };
  await expect(
    backend.rotateKey({ uri: URI.replace("name=jwk-signing", "name=jwk-signing;version=1"), alg: "ES256" }, known, { dispatcher: agent }),
  ).rejects.toThrow(/pins version 1 of transit key jwk-signing: remove version= to rotate it/);
  expect(seen(agent)).toEqual([]);
});
