/**
 * Key material and the algorithm table: generation for every supported alg, the RFC 7638 thumbprint as the
 * default kid, public halves without private members, real JWS/JWE round trips with jose, PEM/JWK import,
 * and the RFC 7638 / RFC 8037 standard vectors.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type JsonWebKey } from "node:crypto";
import { CompactEncrypt, CompactSign, compactDecrypt, compactVerify, importJWK, jwtVerify, SignJWT, type JWK } from "jose";
import { describe, expect, test } from "vitest";
import { MALFORMED_PEMS, pemLabel } from "../../fixtures/pem";
import { algorithmSpec, keyTypeFor, SUPPORTED_ALGORITHMS, type Curve } from "../../../provider/core/keys/algorithms";
import { assertKeyFitsAlg, parsePrivateKey } from "../../../provider/core/keys/import";
import { bareKey, describeKey, generateKey, rsaModulusBits, type DescribedKey } from "../../../provider/core/keys/material";
import { thumbprintOf } from "../../../provider/core/jwks/validate";
import { privateKeyPemOf, publicKeyPemOf } from "../../../provider/core/keys/pem";
import { RFC7638_KEY } from "../../fixtures/vectors";

/** Members only a private or symmetric JWK has (RFC 7518 section 6). */
const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];
const ECDH_CURVES: Curve[] = ["P-256", "P-384", "P-521", "X25519"];

/** What each alg must produce, written down from RFC 7518 / RFC 8037, independently of algorithms.ts. */
const EXPECTED: Record<string, { kty: "RSA" | "EC" | "OKP"; crv?: string; use: "sig" | "enc" }> = {
  RS256: { kty: "RSA", use: "sig" },
  RS384: { kty: "RSA", use: "sig" },
  RS512: { kty: "RSA", use: "sig" },
  PS256: { kty: "RSA", use: "sig" },
  PS384: { kty: "RSA", use: "sig" },
  PS512: { kty: "RSA", use: "sig" },
  ES256: { kty: "EC", crv: "P-256", use: "sig" },
  ES384: { kty: "EC", crv: "P-384", use: "sig" },
  ES512: { kty: "EC", crv: "P-521", use: "sig" },
  EdDSA: { kty: "OKP", crv: "Ed25519", use: "sig" },
  Ed25519: { kty: "OKP", crv: "Ed25519", use: "sig" },
  "RSA-OAEP": { kty: "RSA", use: "enc" },
  "RSA-OAEP-256": { kty: "RSA", use: "enc" },
  "RSA-OAEP-384": { kty: "RSA", use: "enc" },
  "RSA-OAEP-512": { kty: "RSA", use: "enc" },
  // ECDH-ES: kty/crv depend on the chosen curve (see expectedFor).
  "ECDH-ES": { kty: "EC", use: "enc" },
  "ECDH-ES+A128KW": { kty: "EC", use: "enc" },
  "ECDH-ES+A192KW": { kty: "EC", use: "enc" },
  "ECDH-ES+A256KW": { kty: "EC", use: "enc" },
};

function expectedFor(alg: string, crv: Curve | undefined): { kty: string; crv: string | undefined; use: string } {
  const e = EXPECTED[alg]!;
  if (alg.startsWith("ECDH-ES")) return { kty: crv === "X25519" ? "OKP" : "EC", crv, use: "enc" };
  return { kty: e.kty, crv: e.crv, use: e.use };
}

/** RFC 7638 section 3 by hand: required members only, lexicographic order, no whitespace, SHA-256. */
function rfc7638(jwk: Record<string, unknown>): string {
  const required: Record<string, string[]> = { RSA: ["e", "kty", "n"], EC: ["crv", "kty", "x", "y"], OKP: ["crv", "kty", "x"] };
  const members = required[String(jwk.kty)];
  if (!members) throw new Error(`no RFC 7638 members for kty ${String(jwk.kty)}`);
  const json = `{${members.map((m) => `${JSON.stringify(m)}:${JSON.stringify(jwk[m])}`).join(",")}}`;
  return createHash("sha256").update(json).digest("base64url");
}

function errorOf(fn: () => unknown): { code?: string; cause?: unknown; message: string } {
  try {
    fn();
  } catch (e) {
    return e as { code?: string; cause?: unknown; message: string };
  }
  throw new Error("expected a throw");
}

type Case = { alg: string; crv: Curve | undefined };
const cases: Case[] = SUPPORTED_ALGORITHMS.flatMap((alg): Case[] =>
  alg.startsWith("ECDH-ES") ? ECDH_CURVES.map((crv) => ({ alg, crv })) : [{ alg, crv: undefined }],
);

// One key per (alg, crv), generated lazily and shared by the tests below to keep RSA generation to a minimum.
const keyCache = new Map<string, Promise<DescribedKey>>();
function keyFor(alg: string, crv?: Curve): Promise<DescribedKey> {
  const id = `${alg}/${crv ?? ""}`;
  let p = keyCache.get(id);
  if (!p) {
    p = generateKey({ alg, crv }).then((k) => describeKey(k, { alg, use: algorithmSpec(alg)!.use }));
    keyCache.set(id, p);
  }
  return p;
}

describe("algorithms", () => {
  test("the supported algs are exactly the RFC 7518 / RFC 8037 set this package documents", () => {
    expect([...SUPPORTED_ALGORITHMS].sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(new Set(SUPPORTED_ALGORITHMS).size).toBe(SUPPORTED_ALGORITHMS.length);
  });

  test.each(Object.keys(EXPECTED))("algorithmSpec(%s) has the right kty, use and key_ops", (alg) => {
    const spec = algorithmSpec(alg)!;
    const e = EXPECTED[alg]!;
    expect(spec.alg).toBe(alg);
    expect(spec.kty).toBe(e.kty);
    expect(spec.use).toBe(e.use);
    if (e.crv) expect(spec.curves).toEqual([e.crv]);
    if (e.kty === "RSA") expect(spec.curves).toEqual([]);
    if (e.use === "sig") {
      expect(spec.privateOps).toEqual(["sign"]);
      expect(spec.publicOps).toEqual(["verify"]);
    } else {
      // No signing operation may ever be allowed on an encryption key, and vice versa.
      expect([...spec.privateOps, ...spec.publicOps]).not.toContain("sign");
      expect([...spec.privateOps, ...spec.publicOps]).not.toContain("verify");
    }
  });

  test("ECDH-ES works on the NIST curves and X25519, where its key type is OKP", () => {
    for (const alg of ["ECDH-ES", "ECDH-ES+A128KW", "ECDH-ES+A192KW", "ECDH-ES+A256KW"]) {
      const spec = algorithmSpec(alg)!;
      expect([...spec.curves].sort()).toEqual([...ECDH_CURVES].sort());
      expect(keyTypeFor(spec, "X25519")).toBe("OKP");
      expect(keyTypeFor(spec, "P-384")).toBe("EC");
      expect(keyTypeFor(spec, undefined)).toBe("EC");
    }
  });

  test("families: RS*, PS*, ES*, EdDSA/Ed25519, RSA-OAEP*, ECDH-ES* are separate", () => {
    const family = (alg: string) => algorithmSpec(alg)!.family;
    expect(new Set(["RS256", "RS384", "RS512"].map(family)).size).toBe(1);
    expect(new Set(["PS256", "PS384", "PS512"].map(family)).size).toBe(1);
    expect(family("EdDSA")).toBe(family("Ed25519"));
    expect(family("RSA-OAEP")).toBe(family("RSA-OAEP-512"));
    const distinct = ["RS256", "PS256", "ES256", "EdDSA", "RSA-OAEP", "ECDH-ES"].map(family);
    expect(new Set(distinct).size).toBe(distinct.length);
  });

  test("unknown and symmetric algs are not supported", () => {
    for (const alg of ["HS256", "none", "A256KW", "dir", "rs256", ""]) expect(algorithmSpec(alg)).toBeUndefined();
  });
});

describe("generateKey + describeKey for every supported alg", () => {
  test.each(cases)("$alg $crv", async ({ alg, crv }) => {
    const raw = await generateKey({ alg, crv });
    const want = expectedFor(alg, crv);
    expect(raw.kty).toBe(want.kty);
    expect(raw.crv).toBe(want.crv);
    expect(typeof raw.d).toBe("string");
    // generateKey returns a bare key: no metadata.
    for (const m of ["kid", "alg", "use", "key_ops", "ext"]) expect(raw).not.toHaveProperty(m);

    const d = await describeKey(raw, { alg, use: algorithmSpec(alg)!.use });
    // kid defaults to the RFC 7638 thumbprint, computed here by hand from the public half.
    expect(d.thumbprint).toBe(rfc7638(d.publicJwk));
    expect(d.kid).toBe(d.thumbprint);
    expect(d.publicJwk.kid).toBe(d.thumbprint);
    expect(d.privateJwk.kid).toBe(d.thumbprint);

    for (const m of PRIVATE_MEMBERS) expect(d.publicJwk).not.toHaveProperty(m);
    expect(d.publicJwk.kty).toBe(want.kty);
    expect(d.publicJwk.alg).toBe(alg);
    expect(d.publicJwk.use).toBe(want.use);
    expect(d.kty).toBe(want.kty);
    expect(d.crv).toBe(want.crv);
    if (want.kty === "RSA") expect(d.modulusLength).toBe(2048);
    else expect(d.modulusLength).toBeUndefined();

    // The PEMs derived from the JWKs (keys/pem.ts) hold the same key.
    const publicPem = publicKeyPemOf(d.publicJwk);
    const privatePem = privateKeyPemOf(d.privateJwk);
    expect(pemLabel(publicPem)).toBe("PUBLIC KEY");
    expect(pemLabel(privatePem)).toBe("PRIVATE KEY");
    const fromPublicPem = createPublicKey(publicPem).export({ format: "jwk" }) as Record<string, unknown>;
    expect(rfc7638(fromPublicPem)).toBe(d.thumbprint);
    const fromPrivatePem = createPrivateKey(privatePem).export({ format: "jwk" });
    expect(fromPrivatePem.d).toBe(raw.d);
    expect(d.privateJwk.d).toBe(raw.d);
  });

  test("two generated keys differ", async () => {
    const a = await generateKey({ alg: "ES256" });
    const b = await generateKey({ alg: "ES256" });
    expect(a.d).not.toBe(b.d);
    expect(rfc7638(a as Record<string, unknown>)).not.toBe(rfc7638(b as Record<string, unknown>));
  });

  test("an explicit kid is used instead of the thumbprint, which stays the RFC 7638 value", async () => {
    const raw = await generateKey({ alg: "EdDSA" });
    const d = await describeKey(raw, { alg: "EdDSA", use: "sig", kid: "signing-2024" });
    expect(d.kid).toBe("signing-2024");
    expect(d.publicJwk.kid).toBe("signing-2024");
    expect(d.privateJwk.kid).toBe("signing-2024");
    expect(d.thumbprint).toBe(rfc7638(d.publicJwk));
  });

  test("key_ops: the public half only carries the public operations", async () => {
    const raw = await generateKey({ alg: "ES256" });
    const both = await describeKey(raw, { alg: "ES256", use: "sig", keyOps: ["sign", "verify"] });
    expect(both.publicJwk.key_ops).toEqual(["verify"]);
    // regression: the private half carried "verify" too, and jose's importJWK (WebCrypto) refused it.
    expect(both.privateJwk.key_ops).toEqual(["sign"]);
    await expect(importJWK(both.privateJwk)).resolves.toMatchObject({ type: "private" });
    const verifyOnly = await describeKey(raw, { alg: "ES256", use: "sig", keyOps: ["verify"] });
    expect(verifyOnly.publicJwk.key_ops).toEqual(["verify"]);
    expect(verifyOnly.privateJwk).not.toHaveProperty("key_ops");
    const signOnly = await describeKey(raw, { alg: "ES256", use: "sig", keyOps: ["sign"] });
    expect(signOnly.publicJwk).not.toHaveProperty("key_ops");
    const none = await describeKey(raw, { alg: "ES256", use: "sig" });
    expect(none.publicJwk).not.toHaveProperty("key_ops");
    expect(none.privateJwk).not.toHaveProperty("key_ops");
  });

  test("RSA modulus length is honoured", async () => {
    const raw = await generateKey({ alg: "PS256", modulusLength: 3072 });
    expect(rsaModulusBits(raw.n!)).toBe(3072);
    const d = await describeKey(raw, { alg: "PS256", use: "sig" });
    expect(d.modulusLength).toBe(3072);
  });

  test("unsupported algs are a key material error", async () => {
    await expect(generateKey({ alg: "HS256" })).rejects.toMatchObject({ code: "ERR_JWK_KEY_MATERIAL" });
    const raw = await generateKey({ alg: "ES256" });
    await expect(describeKey(raw, { alg: "HS256", use: "sig" })).rejects.toMatchObject({ code: "ERR_JWK_KEY_MATERIAL" });
  });
});

describe("JWS: a token signed with the private JWK verifies with the public JWK", () => {
  const signingAlgs = Object.keys(EXPECTED).filter((alg) => EXPECTED[alg]!.use === "sig");

  test.each(signingAlgs)("%s", async (alg) => {
    const d = await keyFor(alg);
    const token = await new SignJWT({ sub: "alice", scope: "read" })
      .setProtectedHeader({ alg, kid: d.kid })
      .setIssuedAt()
      .sign(await importJWK(d.privateJwk, alg));
    const publicKey = await importJWK(d.publicJwk as JWK, alg);
    const { payload, protectedHeader } = await jwtVerify(token, publicKey);
    expect(payload.sub).toBe("alice");
    expect(protectedHeader).toMatchObject({ alg, kid: d.kid });

    // A tampered payload must not verify: the check above is a real signature check.
    const [h, , s] = token.split(".");
    const forged = `${h}.${Buffer.from(JSON.stringify({ sub: "mallory" })).toString("base64url")}.${s}`;
    await expect(jwtVerify(forged, publicKey)).rejects.toMatchObject({ code: "ERR_JWS_SIGNATURE_VERIFICATION_FAILED" });
  });

  test("a token does not verify with another key of the same alg", async () => {
    const d = await keyFor("ES256");
    const other = await describeKey(await generateKey({ alg: "ES256" }), { alg: "ES256", use: "sig" });
    const token = await new SignJWT({ sub: "alice" }).setProtectedHeader({ alg: "ES256" }).sign(await importJWK(d.privateJwk, "ES256"));
    await expect(jwtVerify(token, await importJWK(other.publicJwk as JWK, "ES256"))).rejects.toMatchObject({
      code: "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",
    });
  });
});

describe("JWE: encrypt to the public JWK, decrypt with the private JWK", () => {
  const encCases: { alg: string; crv: Curve | undefined }[] = [
    { alg: "RSA-OAEP-256", crv: undefined },
    ...ECDH_CURVES.map((crv) => ({ alg: "ECDH-ES+A256KW", crv })),
  ];

  test.each(encCases)("$alg $crv", async ({ alg, crv }) => {
    const d = await keyFor(alg, crv);
    const plaintext = new TextEncoder().encode("the eagle lands at dawn");
    const jwe = await new CompactEncrypt(plaintext)
      .setProtectedHeader({ alg, enc: "A256GCM", kid: d.kid })
      .encrypt(await importJWK(d.publicJwk as JWK, alg));
    expect(jwe.split(".")).toHaveLength(5);
    const { plaintext: decrypted, protectedHeader } = await compactDecrypt(jwe, await importJWK(d.privateJwk, alg));
    expect(new TextDecoder().decode(decrypted)).toBe("the eagle lands at dawn");
    expect(protectedHeader).toMatchObject({ alg, enc: "A256GCM", kid: d.kid });

    // Another key of the same shape cannot decrypt it.
    const other = await describeKey(await generateKey({ alg, crv }), { alg, use: "enc" });
    await expect(compactDecrypt(jwe, await importJWK(other.privateJwk, alg))).rejects.toThrow();
  });
});

describe("parsePrivateKey", () => {
  function publicThumbprint(publicKey: string): string {
    return rfc7638(createPublicKey(publicKey).export({ format: "jwk" }) as Record<string, unknown>);
  }

  test("accepts a PKCS#8 PEM", () => {
    const { privateKey, publicKey } = generateKeyPairSync("ed25519", {
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    expect(pemLabel(privateKey)).toBe("PRIVATE KEY");
    const jwk = parsePrivateKey({ pem: privateKey });
    expect(jwk).toMatchObject({ kty: "OKP", crv: "Ed25519" });
    expect(typeof jwk.d).toBe("string");
    expect(rfc7638(jwk as Record<string, unknown>)).toBe(publicThumbprint(publicKey));
  });

  test('accepts a PKCS#1 "RSA PRIVATE KEY" PEM', () => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      privateKeyEncoding: { type: "pkcs1", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    expect(pemLabel(privateKey)).toBe("RSA PRIVATE KEY");
    const jwk = parsePrivateKey({ pem: privateKey });
    expect(jwk.kty).toBe("RSA");
    expect(rsaModulusBits(jwk.n!)).toBe(2048);
    for (const m of ["d", "p", "q", "dp", "dq", "qi"]) expect(typeof (jwk as Record<string, unknown>)[m]).toBe("string");
    expect(rfc7638(jwk as Record<string, unknown>)).toBe(publicThumbprint(publicKey));
  });

  test("accepts a SEC1 EC PEM", () => {
    const { privateKey, publicKey } = generateKeyPairSync("ec", {
      namedCurve: "P-384",
      privateKeyEncoding: { type: "sec1", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    expect(pemLabel(privateKey)).toBe("EC PRIVATE KEY");
    const jwk = parsePrivateKey({ pem: privateKey });
    expect(jwk).toMatchObject({ kty: "EC", crv: "P-384" });
    expect(typeof jwk.d).toBe("string");
    expect(rfc7638(jwk as Record<string, unknown>)).toBe(publicThumbprint(publicKey));
  });

  test("accepts the PKCS#8 PEM that privateKeyPemOf derives (round trip)", async () => {
    const d = await keyFor("ES512");
    const jwk = parsePrivateKey({ pem: privateKeyPemOf(d.privateJwk) });
    expect(jwk.d).toBe(d.privateJwk.d);
    expect(rfc7638(jwk as Record<string, unknown>)).toBe(d.thumbprint);
  });

  test("accepts a private JWK and strips its metadata", () => {
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const source = { ...(privateKey.export({ format: "jwk" }) as JsonWebKey), kid: "old", alg: "ES256", use: "sig", key_ops: ["sign"] };
    const jwk = parsePrivateKey({ jwk: source });
    expect(jwk).toEqual({ kty: "EC", crv: "P-256", x: source.x, y: source.y, d: source.d });
  });

  test("rejects malformed PEM with ERR_JWK_KEY_MATERIAL and a cause", () => {
    for (const pem of [...MALFORMED_PEMS, "not a pem at all"]) {
      const e = errorOf(() => parsePrivateKey({ pem }));
      expect(e.code).toBe("ERR_JWK_KEY_MATERIAL");
      expect(e.message).toMatch(/PEM/);
      expect(e.cause).toBeDefined();
    }
  });

  test("rejects a public key PEM and a public-only JWK", () => {
    const { publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    expect(errorOf(() => parsePrivateKey({ pem: publicKey.export({ type: "spki", format: "pem" }) as string })).code).toBe(
      "ERR_JWK_KEY_MATERIAL",
    );
    const e = errorOf(() => parsePrivateKey({ jwk: publicKey.export({ format: "jwk" }) }));
    expect(e.code).toBe("ERR_JWK_KEY_MATERIAL");
    expect(e.message).toMatch(/JWK/);
  });

  test("regression: no error of parsePrivateKey quotes its input (it is a secret)", () => {
    const jwk = generateKeyPairSync("ed25519").privateKey.export({ format: "jwk" }) as JsonWebKey;
    const d = jwk.d!;
    const leaks = (text: string) => Array.from({ length: d.length - 7 }, (_, i) => d.slice(i, i + 8)).some((w) => text.includes(w));
    const sources: { pem?: string; jwk?: unknown }[] = [
      { jwk: JSON.stringify({ d, ...jwk }) }, // a JWK as a string: node quotes its start
      { jwk: [{ d, ...jwk }] },
      { jwk: null },
      { jwk: { ...jwk, crv: d } }, // node quotes an unknown crv
      { jwk: { ...jwk, kty: d } },
      { pem: d as string },
      { pem: { d } as unknown as string },
    ];
    for (const source of sources) {
      const e = errorOf(() => parsePrivateKey(source));
      expect(e.code, JSON.stringify(source)).toBe("ERR_JWK_KEY_MATERIAL");
      expect(leaks(e.message), e.message).toBe(false);
      expect(leaks(String((e.cause as Error | undefined)?.message)), "cause").toBe(false);
    }
    expect(errorOf(() => parsePrivateKey({ jwk: JSON.stringify(jwk) })).message).toMatch(/privateJwk must be a JWK object/);
    // node 24 says "<kty> is not a supported JWK key type": only its error code is kept.
    expect(errorOf(() => parsePrivateKey({ jwk: { ...jwk, kty: d } })).message).toMatch(/ERR_CRYPTO_INVALID_JWK/);
  });

  test("bareKey refuses unsupported key types", () => {
    expect(errorOf(() => bareKey({ kty: "oct", k: "AAAA" })).code).toBe("ERR_JWK_KEY_MATERIAL");
  });
});

describe("assertKeyFitsAlg", () => {
  test("accepts a key that fits and refuses a wrong kty or curve", async () => {
    const es256 = (await keyFor("ES256")).privateJwk;
    await expect(assertKeyFitsAlg(bareKey(es256), "ES256")).resolves.toBeUndefined();
    await expect(assertKeyFitsAlg(bareKey(es256), "ES384")).rejects.toMatchObject({ code: "ERR_JWK_KEY_MATERIAL" });
    await expect(assertKeyFitsAlg(bareKey(es256), "RS256")).rejects.toMatchObject({ code: "ERR_JWK_KEY_MATERIAL" });
    await expect(assertKeyFitsAlg(bareKey(es256), "EdDSA")).rejects.toMatchObject({ code: "ERR_JWK_KEY_MATERIAL" });
  });
});

describe("rsaModulusBits", () => {
  test("on generated 2048 and 3072 bit keys", () => {
    for (const bits of [2048, 3072]) {
      const { publicKey } = generateKeyPairSync("rsa", { modulusLength: bits });
      expect(rsaModulusBits((publicKey.export({ format: "jwk" }) as JsonWebKey).n!)).toBe(bits);
    }
  });

  test("counts significant bits only (leading zero bytes and bits ignored)", () => {
    const b64 = (bytes: number[]) => Buffer.from(bytes).toString("base64url");
    expect(rsaModulusBits(b64([0x80, 0, 0]))).toBe(24);
    expect(rsaModulusBits(b64([0x01, 0, 0]))).toBe(17);
    expect(rsaModulusBits(b64([0x00, 0x00, 0x7f, 0xff]))).toBe(15);
    expect(rsaModulusBits(b64([0, 0]))).toBe(0);
    expect(rsaModulusBits("")).toBe(0);
  });
});

describe("standard vectors", () => {
  const RFC7638_THUMBPRINT = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

  // RFC 8037 appendix A.1 (private key), A.3 (thumbprint), A.4 (Ed25519 JWS over "Example of Ed25519 signing").
  const RFC8037_PRIVATE = {
    kty: "OKP",
    crv: "Ed25519",
    d: "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A",
    x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo",
  };
  const RFC8037_THUMBPRINT = "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k";
  const RFC8037_A4_JWS =
    "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc." +
    "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";

  test("RFC 7638 section 3.1: the example RSA key's thumbprint", async () => {
    expect(thumbprintOf(RFC7638_KEY)).toBe(RFC7638_THUMBPRINT);
    expect(rfc7638(RFC7638_KEY)).toBe(RFC7638_THUMBPRINT); // the hand-rolled helper used above agrees
    expect(rsaModulusBits(RFC7638_KEY.n)).toBe(2048);
  });

  test("RFC 8037 A.1/A.3: the Ed25519 key's thumbprint is its default kid", async () => {
    expect(thumbprintOf({ kty: "OKP", crv: "Ed25519", x: RFC8037_PRIVATE.x })).toBe(RFC8037_THUMBPRINT);
    const bare = parsePrivateKey({ jwk: RFC8037_PRIVATE });
    expect(bare).toEqual(RFC8037_PRIVATE);
    const d = await describeKey(bare, { alg: "EdDSA", use: "sig" });
    expect(d.thumbprint).toBe(RFC8037_THUMBPRINT);
    expect(d.kid).toBe(RFC8037_THUMBPRINT);
    expect(d.publicJwk).toEqual({ kty: "OKP", crv: "Ed25519", x: RFC8037_PRIVATE.x, kid: RFC8037_THUMBPRINT, alg: "EdDSA", use: "sig" });
  });

  test("RFC 8037 A.4: the example signature verifies with the described public JWK, and signing reproduces it", async () => {
    const d = await describeKey(parsePrivateKey({ jwk: RFC8037_PRIVATE }), { alg: "EdDSA", use: "sig" });
    const { payload, protectedHeader } = await compactVerify(RFC8037_A4_JWS, await importJWK(d.publicJwk as JWK, "EdDSA"));
    expect(new TextDecoder().decode(payload)).toBe("Example of Ed25519 signing");
    expect(protectedHeader).toEqual({ alg: "EdDSA" });

    // Ed25519 is deterministic: our private JWK must produce the very same JWS.
    const jws = await new CompactSign(new TextEncoder().encode("Example of Ed25519 signing"))
      .setProtectedHeader({ alg: "EdDSA" })
      .sign(await importJWK(d.privateJwk, "EdDSA"));
    expect(jws).toBe(RFC8037_A4_JWS);
  });
});

describe("regression: an imported private key must match its public members", () => {
  test.each([
    ["EC P-256", () => generateKeyPairSync("ec", { namedCurve: "P-256" })],
    ["RSA 2048", () => generateKeyPairSync("rsa", { modulusLength: 2048 })],
    ["Ed25519", () => generateKeyPairSync("ed25519")],
    ["X25519", () => generateKeyPairSync("x25519")],
  ])("%s: d of one key with the public members of another is refused; a true pair passes", (_name, pair) => {
    const a = pair().privateKey.export({ format: "jwk" }) as Record<string, unknown>;
    const b = pair().privateKey.export({ format: "jwk" }) as Record<string, unknown>;
    expect(parsePrivateKey({ jwk: a }).d).toBe(a.d);
    const mixed = a.kty === "RSA" ? { ...b, n: a.n } : { ...a, d: b.d };
    // node derives an OKP public key from d and drops the given x: that must be refused too, or the key
    // published would not be the one written down.
    const e = errorOf(() => parsePrivateKey({ jwk: mixed }));
    expect(e.code).toBe("ERR_JWK_KEY_MATERIAL");
    expect(e.message).toMatch(/does not belong to its public members/);
    const secret = String(b.d); // the d in the mixed key
    for (let i = 0; i + 8 <= secret.length; i++) expect(e.message.includes(secret.slice(i, i + 8))).toBe(false);
  });
});
