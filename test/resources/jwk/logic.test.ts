/**
 * The Jwk resource's pure behaviour: input validation by property, update-versus-replace decisions, and
 * create/update keeping (or making) the right key material.
 */
import { createHash, createPublicKey, generateKeyPairSync, type JsonWebKey } from "node:crypto";
import { beforeAll, describe, expect, test } from "vitest";
import { MALFORMED_PEMS } from "../../fixtures/pem";
import { publicKeyPemOf } from "../../../provider/core/keys/pem";
import { createJwk, diffJwk, jwkInputFailures, updateJwk, type JwkInputs, type JwkOutputs } from "../../../provider/resources/jwk/logic";

/** The preview-time placeholder for values not known yet (Pulumi's unknown sentinel). */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** RFC 7638 thumbprint computed by hand (independent of jose). */
function rfc7638(jwk: Record<string, unknown>): string {
  const required: Record<string, string[]> = { RSA: ["e", "kty", "n"], EC: ["crv", "kty", "x", "y"], OKP: ["crv", "kty", "x"] };
  const json = `{${required[String(jwk.kty)]!.map((m) => `${JSON.stringify(m)}:${JSON.stringify(jwk[m])}`).join(",")}}`;
  return createHash("sha256").update(json).digest("base64url");
}
/** The thumbprint of a described key (not stored: derived from its public JWK). */
const tp = (o: JwkOutputs) => rfc7638(o.publicJwk);
const thumbprintOfPem = (pem: string) => rfc7638(createPublicKey(pem).export({ format: "jwk" }) as Record<string, unknown>);

const MALFORMED_PEM = MALFORMED_PEMS[2];

const properties = (failures: { property: string; reason: string }[]) => {
  for (const f of failures) expect(f.reason.length).toBeGreaterThan(0);
  return failures.map((f) => f.property);
};

let rs256: JwkOutputs;
let es256: JwkOutputs;
let ecdh: JwkOutputs;
let rsaPkcs1: { privateKey: string; publicKey: string };
let ecPkcs8: { privateKey: string; publicKey: string };

beforeAll(async () => {
  [rs256, es256, ecdh] = await Promise.all([
    createJwk({ alg: "RS256" }),
    createJwk({ alg: "ES256", keyOps: ["sign"], rotationTrigger: "2024-01" }),
    createJwk({ alg: "ECDH-ES+A256KW", crv: "P-256" }),
  ]);
  rsaPkcs1 = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  ecPkcs8 = generateKeyPairSync("ec", {
    namedCurve: "P-256",
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
});

/** The inputs that produced `olds`, so a test can change one thing. */
function inputsOf(olds: JwkOutputs): JwkInputs {
  return {
    alg: olds.alg,
    ...(olds.privateJwk!.crv ? { crv: olds.privateJwk!.crv } : {}),
    ...(olds.keyOps ? { keyOps: olds.keyOps } : {}),
    ...(olds.rotationTrigger !== undefined ? { rotationTrigger: olds.rotationTrigger } : {}),
  };
}

describe("jwkInputFailures", () => {
  test("valid inputs give no failure", async () => {
    expect(await jwkInputFailures({ alg: "ES256" })).toEqual([]);
    expect(await jwkInputFailures({ alg: "ES384", crv: "P-384", use: "sig", keyOps: ["sign", "verify"], kid: "k1" })).toEqual([]);
    expect(await jwkInputFailures({ alg: "RS512", modulusLength: 4096 })).toEqual([]);
    expect(await jwkInputFailures({ alg: "ECDH-ES", crv: "X25519", use: "enc", keyOps: ["deriveBits", "deriveKey"] })).toEqual([]);
    expect(await jwkInputFailures({ alg: "RSA-OAEP", keyOps: ["unwrapKey", "wrapKey", "decrypt", "encrypt"] })).toEqual([]);
    expect(await jwkInputFailures({ alg: "ES256", privateKeyPem: ecPkcs8.privateKey })).toEqual([]);
    expect(await jwkInputFailures({ alg: "PS256", privateKeyPem: rsaPkcs1.privateKey, modulusLength: 2048 })).toEqual([]);
  });

  test("RSA modulusLength 1024 fails at modulusLength", async () => {
    const f = await jwkInputFailures({ alg: "RS256", modulusLength: 1024 });
    expect(f).toEqual([{ property: "modulusLength", reason: expect.stringContaining("1024") }]);
    expect(properties(await jwkInputFailures({ alg: "RS256", modulusLength: 2049 }))).toEqual(["modulusLength"]);
    expect(properties(await jwkInputFailures({ alg: "RS256", modulusLength: 32768 }))).toEqual(["modulusLength"]);
    expect(properties(await jwkInputFailures({ alg: "ES256", modulusLength: 2048 }))).toEqual(["modulusLength"]);
  });

  test('alg "ES256" with crv "P-384" fails at crv', async () => {
    const f = await jwkInputFailures({ alg: "ES256", crv: "P-384" });
    expect(f).toEqual([{ property: "crv", reason: expect.stringContaining("P-256") }]);
    expect(properties(await jwkInputFailures({ alg: "RS256", crv: "P-256" }))).toEqual(["crv"]);
    expect(properties(await jwkInputFailures({ alg: "EdDSA", crv: "X25519" }))).toEqual(["crv"]);
  });

  test('use "enc" with "RS256" fails at use', async () => {
    const f = await jwkInputFailures({ alg: "RS256", use: "enc" });
    expect(f).toEqual([{ property: "use", reason: expect.stringContaining('"sig"') }]);
    expect(properties(await jwkInputFailures({ alg: "RSA-OAEP-256", use: "sig" }))).toEqual(["use"]);
  });

  test("key_ops outside the alg fail at their index", async () => {
    expect(properties(await jwkInputFailures({ alg: "ES256", keyOps: ["sign", "encrypt", "verify", "wrapKey"] }))).toEqual([
      "keyOps[1]",
      "keyOps[3]",
    ]);
    expect(properties(await jwkInputFailures({ alg: "ES256", keyOps: "sign" as unknown as string[] }))).toEqual(["keyOps"]);
  });

  test("an empty kid fails at kid", async () => {
    expect(properties(await jwkInputFailures({ alg: "ES256", kid: "" }))).toEqual(["kid"]);
  });

  test("malformed privateKeyPem fails at privateKeyPem", async () => {
    const f = await jwkInputFailures({ alg: "ES256", privateKeyPem: MALFORMED_PEM });
    expect(f).toEqual([{ property: "privateKeyPem", reason: expect.stringContaining("PEM") }]);
  });

  test("an imported key that does not fit the alg, curve or size fails at the import", async () => {
    expect(properties(await jwkInputFailures({ alg: "RS256", privateKeyPem: ecPkcs8.privateKey }))).toEqual(["privateKeyPem"]);
    expect(properties(await jwkInputFailures({ alg: "ES384", privateKeyPem: ecPkcs8.privateKey }))).toEqual(["privateKeyPem"]);
    expect(properties(await jwkInputFailures({ alg: "RS256", privateKeyPem: rsaPkcs1.privateKey, modulusLength: 3072 }))).toEqual([
      "modulusLength",
    ]);
    const small = generateKeyPairSync("rsa", {
      modulusLength: 1024,
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    const f = await jwkInputFailures({ alg: "RS256", privateKeyPem: small.privateKey });
    expect(f).toEqual([{ property: "privateKeyPem", reason: expect.stringContaining("1024") }]);
    const jwk = createPublicKey(ecPkcs8.publicKey).export({ format: "jwk" }) as JsonWebKey;
    expect(properties(await jwkInputFailures({ alg: "ES256", privateJwk: { ...jwk } }))).toEqual(["privateJwk"]);
  });

  test("privateKeyPem and privateJwk together fail", async () => {
    expect(properties(await jwkInputFailures({ alg: "ES256", privateKeyPem: ecPkcs8.privateKey, privateJwk: { kty: "EC" } }))).toEqual([
      "privateKeyPem",
    ]);
  });

  test("unknown alg fails at alg", async () => {
    for (const alg of ["HS256", "none", "", 5 as unknown as string]) {
      const f = await jwkInputFailures({ alg });
      expect(f).toEqual([{ property: "alg", reason: expect.stringContaining("ES256") }]);
    }
  });

  test("several problems are all reported", async () => {
    expect(properties(await jwkInputFailures({ alg: "ES256", crv: "P-521", use: "enc", kid: "", keyOps: ["decrypt"] })).sort()).toEqual([
      "crv",
      "keyOps[0]",
      "kid",
      "use",
    ]);
  });

  test("the preview sentinel is skipped in every field", async () => {
    const cases: JwkInputs[] = [
      { alg: UNKNOWN, crv: "nonsense", modulusLength: 7 },
      { alg: "RS256", modulusLength: UNKNOWN as unknown as number },
      { alg: "ES256", crv: UNKNOWN },
      { alg: "RS256", use: UNKNOWN },
      { alg: "ES256", kid: UNKNOWN },
      { alg: "ES256", keyOps: UNKNOWN as unknown as string[] },
      { alg: "ES256", keyOps: ["sign", UNKNOWN] },
      { alg: "ES256", privateKeyPem: UNKNOWN },
      { alg: "ES256", privateJwk: UNKNOWN as unknown as Record<string, unknown> },
    ];
    for (const inputs of cases) expect(await jwkInputFailures(inputs), JSON.stringify(inputs)).toEqual([]);
    // ...but only the unknown field: the others are still checked.
    expect(properties(await jwkInputFailures({ alg: "ES256", crv: UNKNOWN, use: "enc" }))).toEqual(["use"]);
  });
});

describe("diffJwk", () => {
  test("no change gives no diff", async () => {
    for (const olds of [rs256, es256, ecdh]) expect(await diffJwk(olds, inputsOf(olds))).toEqual({ changes: false, replaces: [] });
    // Spelling out the defaults is no change either.
    expect(await diffJwk(rs256, { alg: "RS256", modulusLength: 2048, use: "sig", kid: tp(rs256) })).toEqual({
      changes: false,
      replaces: [],
    });
    expect(await diffJwk(es256, { ...inputsOf(es256), crv: "P-256" })).toEqual({ changes: false, replaces: [] });
  });

  test("alg within its family (RS256 -> RS384) updates in place", async () => {
    expect(await diffJwk(rs256, { alg: "RS384" })).toEqual({ changes: true, replaces: [] });
    expect(await diffJwk(ecdh, { ...inputsOf(ecdh), alg: "ECDH-ES" })).toEqual({ changes: true, replaces: [] });
  });

  test("alg across families replaces on alg", async () => {
    expect(await diffJwk(rs256, { alg: "PS256" })).toEqual({ changes: true, replaces: ["alg"] });
    expect(await diffJwk(rs256, { alg: "RSA-OAEP-256" })).toEqual({ changes: true, replaces: ["alg"] });
    // ES256 -> EdDSA: see the report; the curve follows the alg, so only "alg" is asserted here.
    const toEdDSA = await diffJwk(es256, { ...inputsOf(es256), alg: "EdDSA" });
    expect(toEdDSA.changes).toBe(true);
    expect(toEdDSA.replaces).toContain("alg");
    expect((await diffJwk(es256, { ...inputsOf(es256), alg: UNKNOWN })).replaces).toContain("alg");
  });

  test("crv and modulusLength changes replace", async () => {
    expect(await diffJwk(ecdh, { ...inputsOf(ecdh), crv: "P-384" })).toEqual({ changes: true, replaces: ["crv"] });
    expect(await diffJwk(ecdh, { ...inputsOf(ecdh), crv: "X25519" })).toEqual({ changes: true, replaces: ["crv"] });
    expect(await diffJwk(rs256, { alg: "RS256", modulusLength: 3072 })).toEqual({ changes: true, replaces: ["modulusLength"] });
    // ES256 -> ES384 is the same family, but the key must move to P-384.
    expect(await diffJwk(es256, { ...inputsOf(es256), alg: "ES384", crv: undefined })).toEqual({ changes: true, replaces: ["crv"] });
  });

  test("rotationTrigger change replaces", async () => {
    expect(await diffJwk(es256, { ...inputsOf(es256), rotationTrigger: "2024-02" })).toEqual({
      changes: true,
      replaces: ["rotationTrigger"],
    });
    expect(await diffJwk(es256, { ...inputsOf(es256), rotationTrigger: undefined })).toEqual({
      changes: true,
      replaces: ["rotationTrigger"],
    });
    expect(await diffJwk(rs256, { alg: "RS256", rotationTrigger: 1 })).toEqual({ changes: true, replaces: ["rotationTrigger"] });
  });

  test("kid, use and keyOps changes update in place", async () => {
    expect(await diffJwk(es256, { ...inputsOf(es256), kid: "renamed" })).toEqual({ changes: true, replaces: [] });
    expect(await diffJwk(rs256, { alg: "RS256", use: "enc" })).toEqual({ changes: true, replaces: [] });
    expect(await diffJwk(es256, { ...inputsOf(es256), keyOps: ["sign", "verify"] })).toEqual({ changes: true, replaces: [] });
    expect(await diffJwk(es256, { ...inputsOf(es256), keyOps: undefined })).toEqual({ changes: true, replaces: [] });
  });

  test("an imported key: same key is no change; another key, or no key, replaces", async () => {
    const olds = await createJwk({ alg: "ES256", privateKeyPem: ecPkcs8.privateKey });
    expect(await diffJwk(olds, { alg: "ES256", privateKeyPem: ecPkcs8.privateKey })).toEqual({ changes: false, replaces: [] });
    const other = generateKeyPairSync("ec", {
      namedCurve: "P-256",
      privateKeyEncoding: { type: "sec1", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    expect(await diffJwk(olds, { alg: "ES256", privateKeyPem: other.privateKey })).toEqual({ changes: true, replaces: ["privateKeyPem"] });
    expect((await diffJwk(olds, { alg: "ES256" })).replaces).toHaveLength(1);
    // The same key given as a JWK instead of a PEM is the same key.
    const asJwk = { ...olds.privateJwk, kid: undefined, alg: undefined, use: undefined };
    expect(await diffJwk(olds, { alg: "ES256", privateJwk: JSON.parse(JSON.stringify(asJwk)) as Record<string, unknown> })).toEqual({
      changes: false,
      replaces: [],
    });
    // An unknown import at preview may be another key.
    expect(await diffJwk(olds, { alg: "ES256", privateKeyPem: UNKNOWN })).toEqual({ changes: true, replaces: ["privateKeyPem"] });
  });
});

describe("createJwk and updateJwk", () => {
  test("createJwk generates a described key with use from the alg", async () => {
    expect(rs256).toMatchObject({ alg: "RS256", use: "sig", modulusLength: 2048, imported: false });
    expect(rs256.publicJwk).toMatchObject({ kty: "RSA", e: "AQAB" });
    expect(Buffer.from(rs256.publicJwk.n!, "base64url").length).toBe(256); // 2048 bits
    expect(rs256.publicJwk).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig", kid: tp(rs256) });
    expect(ecdh).toMatchObject({ alg: "ECDH-ES+A256KW", use: "enc", crv: "P-256" });
    expect(ecdh.publicJwk).toMatchObject({ kty: "EC", crv: "P-256" });
    expect(ecdh.publicJwk.use).toBe("enc");
    expect(es256).toMatchObject({ keyOps: ["sign"], rotationTrigger: "2024-01" });
    expect(rfc7638(es256.publicJwk)).toBe(tp(es256));
    expect(es256.publicJwk).not.toHaveProperty("d");
  });

  test("createJwk with an imported PKCS#8 PEM keeps the key", async () => {
    const out = await createJwk({ alg: "ES256", privateKeyPem: ecPkcs8.privateKey, kid: "imported" });
    expect(tp(out)).toBe(thumbprintOfPem(ecPkcs8.publicKey));
    expect(out.kid).toBe("imported");
    expect(out.imported).toBe(true);
    expect(thumbprintOfPem(publicKeyPemOf(out.publicJwk))).toBe(thumbprintOfPem(ecPkcs8.publicKey));
  });

  test("createJwk with an imported PKCS#1 RSA PEM keeps the key", async () => {
    const out = await createJwk({ alg: "PS256", privateKeyPem: rsaPkcs1.privateKey });
    expect(tp(out)).toBe(thumbprintOfPem(rsaPkcs1.publicKey));
    expect(out.kid).toBe(tp(out));
    expect(out).toMatchObject({ modulusLength: 2048, imported: true, alg: "PS256" });
  });

  test("createJwk with an imported private JWK keeps the key and drops its old metadata", async () => {
    const source = await createJwk({ alg: "EdDSA", kid: "first" });
    const out = await createJwk({ alg: "Ed25519", privateJwk: source.privateJwk as Record<string, unknown> });
    expect(tp(out)).toBe(tp(source));
    expect(out.privateJwk!.d).toBe(source.privateJwk!.d);
    expect(out.kid).toBe(tp(source)); // not "first": kid comes from the inputs
    expect(out.publicJwk.alg).toBe("Ed25519");
  });

  test("createJwk refuses bad inputs with ERR_JWK_INVALID_INPUT and every failure", async () => {
    await expect(createJwk({ alg: "RS256", modulusLength: 1024, use: "enc" })).rejects.toMatchObject({
      code: "ERR_JWK_INVALID_INPUT",
      failures: [expect.objectContaining({ property: "modulusLength" }), expect.objectContaining({ property: "use" })],
    });
  });

  test("updateJwk keeps the key material and applies the new metadata", async () => {
    const out = await updateJwk(rs256, { alg: "RS384", kid: "renamed", keyOps: ["sign", "verify"] });
    expect(tp(out)).toBe(tp(rs256));
    expect(out.privateJwk!.d).toBe(rs256.privateJwk!.d);
    expect(out.publicJwk.n).toBe(rs256.publicJwk.n);
    expect(out.kid).toBe("renamed");
    expect(out.publicJwk).toMatchObject({ kid: "renamed", alg: "RS384", use: "sig", key_ops: ["verify"] });
    expect(out.privateJwk).toMatchObject({ kid: "renamed", alg: "RS384", key_ops: ["sign"] });
    expect(out.imported).toBe(false);

    // Back to the defaults: the kid is the thumbprint again.
    const back = await updateJwk(out, { alg: "RS256" });
    expect(back.kid).toBe(tp(rs256));
    expect(back.privateJwk!.d).toBe(rs256.privateJwk!.d);
    expect(back.publicJwk).not.toHaveProperty("key_ops");
  });

  test("updateJwk keeps an imported key imported", async () => {
    const olds = await createJwk({ alg: "ES256", privateKeyPem: ecPkcs8.privateKey });
    const out = await updateJwk(olds, { alg: "ES256", privateKeyPem: ecPkcs8.privateKey, kid: "v2" });
    expect(out).toMatchObject({ imported: true, kid: "v2" });
    expect(tp(out)).toBe(tp(olds));
  });

  test("updateJwk refuses bad inputs", async () => {
    await expect(updateJwk(es256, { alg: "ES256", kid: "" })).rejects.toMatchObject({
      code: "ERR_JWK_INVALID_INPUT",
      failures: [expect.objectContaining({ property: "kid" })],
    });
  });
});

describe("regressions", () => {
  test("empty privateKeyPem is reported at privateKeyPem, not privateJwk", async () => {
    expect((await jwkInputFailures({ alg: "ES256", privateKeyPem: "" })).map((f) => f.property)).toEqual(["privateKeyPem"]);
  });

  test("a private JWK with members unknown at preview is not parsed", async () => {
    expect(await jwkInputFailures({ alg: "ES256", privateJwk: { kty: "EC", crv: "P-256", x: UNKNOWN, y: UNKNOWN, d: UNKNOWN } })).toEqual(
      [],
    );
  });

  test("a generated key given a privateKeyPem unknown at preview shows as a replacement", async () => {
    const generated = await createJwk({ alg: "ES256" });
    expect(await diffJwk(generated, { alg: "ES256", privateKeyPem: UNKNOWN })).toEqual({ changes: true, replaces: ["privateKeyPem"] });
  });

  test("a family change replaces for alg only, not for the curve the user never set", async () => {
    const es256 = await createJwk({ alg: "ES256" });
    expect((await diffJwk(es256, { alg: "EdDSA" })).replaces).toEqual(["alg"]);
  });

  test("regression: duplicate keyOps fail at keyOps (RFC 7517 section 4.3)", async () => {
    expect(await jwkInputFailures({ alg: "ES256", keyOps: ["sign", "sign"] })).toEqual([
      { property: "keyOps", reason: expect.stringContaining('"sign"') },
    ]);
    expect(properties(await jwkInputFailures({ alg: "ES256", keyOps: ["sign", "verify", "sign", "verify"] }))).toEqual([
      "keyOps",
      "keyOps",
    ]);
  });

  test("keyOps that leave a half unusable for its alg are refused at keyOps, naming the missing operation", async () => {
    const cases: [JwkInputs, string[]][] = [
      [{ alg: "ECDH-ES", keyOps: ["deriveKey"] }, ['add "deriveBits"']],
      [{ alg: "RSA-OAEP-256", keyOps: ["decrypt"] }, ['add "unwrapKey"']],
      // jose wants wrapKey in key_ops, WebCrypto wants encrypt in the key's usages: each half needs both.
      [
        { alg: "RSA-OAEP", keyOps: ["unwrapKey", "encrypt"] },
        ["private half would carry key_ops [unwrapKey]", "public half would carry key_ops [encrypt]"],
      ],
    ];
    for (const [inputs, says] of cases) {
      expect(await jwkInputFailures(inputs), JSON.stringify(inputs)).toEqual(
        says.map((text) => ({ property: "keyOps", reason: expect.stringContaining(text) })),
      );
    }
    // A half keyOps does not restrict is left alone: ["verify"] says nothing about the private half.
    expect(await jwkInputFailures({ alg: "ES256", keyOps: ["verify"] })).toEqual([]);
  });

  test("an imported key refuses rotationTrigger at check, naming it and the reason", async () => {
    for (const inputs of [
      { alg: "ES256", privateKeyPem: ecPkcs8.privateKey, rotationTrigger: "2026-Q4" },
      { alg: "ES256", privateKeyPem: UNKNOWN, rotationTrigger: 1 }, // known only at apply time: still an import
      {
        alg: "PS256",
        privateJwk: createPublicKey(rsaPkcs1.publicKey).export({ format: "jwk" }) as Record<string, unknown>,
        rotationTrigger: { q: 4 },
      },
    ]) {
      const f = (await jwkInputFailures(inputs)).filter((x) => x.property === "rotationTrigger");
      expect(f, JSON.stringify(inputs.rotationTrigger)).toEqual([
        { property: "rotationTrigger", reason: expect.stringMatching(/imported key .* cannot be rotated/) },
      ]);
    }
    expect(await jwkInputFailures({ alg: "ES256", rotationTrigger: "2026-Q4" })).toEqual([]);
    expect(await jwkInputFailures({ alg: "ES256", privateKeyPem: ecPkcs8.privateKey, rotationTrigger: null })).toEqual([]);
  });

  test("regression: a privateJwk given as a JSON string is refused without quoting its d", async () => {
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const jwk = privateKey.export({ format: "jwk" }) as JsonWebKey;
    // d first: node's type error quotes the first characters of the string.
    const asString = JSON.stringify({ d: jwk.d, ...jwk });
    const failures = await jwkInputFailures({ alg: "ES256", privateJwk: asString as unknown as Record<string, unknown> });
    expect(failures).toEqual([{ property: "privateJwk", reason: expect.stringContaining("must be a JWK object") }]);
    for (let i = 0; i + 8 <= jwk.d!.length; i++) expect(failures[0]!.reason).not.toContain(jwk.d!.slice(i, i + 8));
    await expect(createJwk({ alg: "ES256", privateJwk: asString as unknown as Record<string, unknown> })).rejects.toMatchObject({
      failures: [{ property: "privateJwk", reason: expect.not.stringContaining(jwk.d!.slice(0, 8)) }],
    });
  });

  test("regression: updateJwk keeps only the key members of the stored private JWK", async () => {
    const olds = { ...es256, privateJwk: { ...es256.privateJwk, ext: true, x5t: "stale" } };
    const updated = await updateJwk(olds, inputsOf(es256));
    expect(Object.keys(updated.privateJwk!).sort()).toEqual(["alg", "crv", "d", "key_ops", "kid", "kty", "use", "x", "y"]);
    expect(tp(updated)).toBe(tp(es256));
  });
});
