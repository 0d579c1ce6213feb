/**
 * Validation of public JWKs and JWK Sets: every failure names the exact property path and gives a reason.
 */
import { generateKeyPairSync, type JsonWebKey } from "node:crypto";
import { beforeAll, describe, expect, test } from "vitest";
import { keySetFailures, publicKeyFailures, thumbprintOf } from "../../../provider/core/jwks/validate";
import { describeKey, generateKey, type PublicJwk } from "../../../provider/core/keys/material";

let rsa: PublicJwk; // RS256, 2048 bits
let ec: PublicJwk; // ES256
let okp: PublicJwk; // EdDSA
let x25519: PublicJwk; // ECDH-ES on X25519
let ecdhP384: PublicJwk; // ECDH-ES+A256KW on P-384
let rsaEnc: PublicJwk; // RSA-OAEP-256

async function publicKey(alg: string, use: "sig" | "enc", crv?: "X25519" | "P-384"): Promise<PublicJwk> {
  return (await describeKey(await generateKey({ alg, crv }), { alg, use })).publicJwk;
}

beforeAll(async () => {
  [rsa, ec, okp, x25519, ecdhP384, rsaEnc] = await Promise.all([
    publicKey("RS256", "sig"),
    publicKey("ES256", "sig"),
    publicKey("EdDSA", "sig"),
    publicKey("ECDH-ES", "enc", "X25519"),
    publicKey("ECDH-ES+A256KW", "enc", "P-384"),
    publicKey("RSA-OAEP-256", "enc"),
  ]);
});

/** The failures' properties, and a check that every failure has a non-empty reason. */
function properties(failures: { property: string; reason: string }[]): string[] {
  for (const f of failures) expect(f.reason.length).toBeGreaterThan(0);
  return failures.map((f) => f.property);
}

describe("publicKeyFailures", () => {
  test("valid public keys of every key type give no failure", () => {
    for (const k of [rsa, ec, okp, x25519, ecdhP384, rsaEnc]) expect(publicKeyFailures(k, "keys[0]")).toEqual([]);
  });

  test("a key with only kty, kid and key members (no alg/use/key_ops) is valid", () => {
    expect(publicKeyFailures({ kty: ec.kty, kid: "bare", crv: ec.crv, x: ec.x, y: ec.y }, "k")).toEqual([]);
  });

  test.each(["d", "p", "q", "dp", "dq", "qi", "oth", "k"])("private member %s is refused at its path", (member) => {
    const failures = publicKeyFailures({ ...ec, [member]: member === "oth" ? [{ r: "AQAB", d: "AQAB", t: "AQAB" }] : "AQAB" }, "keys[3]");
    expect(failures).toEqual([{ property: `keys[3].${member}`, reason: expect.stringMatching(/private|symmetric/) }]);
  });

  test("a private RSA JWK is refused member by member", () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const jwk = { ...(privateKey.export({ format: "jwk" }) as JsonWebKey), kid: "leak", alg: "RS256", use: "sig" };
    expect(properties(publicKeyFailures(jwk, "keys[0]")).sort()).toEqual(["d", "dp", "dq", "p", "q", "qi"].map((m) => `keys[0].${m}`));
  });

  test("kty oct is refused (and its k is a private member)", () => {
    const failures = publicKeyFailures({ kty: "oct", kid: "hmac", k: "c2VjcmV0LXNlY3JldC1zZWNyZXQ" }, "keys[1]");
    expect(properties(failures).sort()).toEqual(["keys[1].k", "keys[1].kty"]);
    expect(failures.find((f) => f.property === "keys[1].kty")!.reason).toMatch(/oct|symmetric/);
  });

  test("unknown kty is refused", () => {
    expect(properties(publicKeyFailures({ kty: "DSA", kid: "x" }, "k"))).toEqual(["k.kty"]);
  });

  test("RSA under 2048 bits is refused at .n with the size in the reason", () => {
    const { publicKey: pub } = generateKeyPairSync("rsa", { modulusLength: 1024 });
    const { n, e } = pub.export({ format: "jwk" }) as JsonWebKey;
    const failures = publicKeyFailures({ kty: "RSA", kid: "small", alg: "RS256", use: "sig", n, e }, "keys[0]");
    expect(failures).toEqual([{ property: "keys[0].n", reason: expect.stringContaining("1024") }]);
  });

  test("missing or non-base64url key members are refused at their path", () => {
    expect(properties(publicKeyFailures({ ...rsa, n: undefined }, "k"))).toEqual(["k.n"]);
    expect(properties(publicKeyFailures({ ...rsa, e: "AQ+B" }, "k"))).toEqual(["k.e"]);
    expect(properties(publicKeyFailures({ ...ec, y: undefined }, "k"))).toEqual(["k.y"]);
    expect(properties(publicKeyFailures({ ...okp, x: 42 }, "k"))).toEqual(["k.x"]);
  });

  test("a curve that does not belong to the key type is refused at .crv", () => {
    expect(properties(publicKeyFailures({ ...ec, crv: "Ed25519", alg: undefined }, "k"))).toEqual(["k.crv"]);
    expect(properties(publicKeyFailures({ ...okp, crv: "P-256", alg: undefined }, "k"))).toEqual(["k.crv"]);
    expect(properties(publicKeyFailures({ ...ec, crv: "secp256k1", alg: undefined }, "k"))).toEqual(["k.crv"]);
  });

  test("alg not matching kty is refused at .alg", () => {
    expect(publicKeyFailures({ ...ec, alg: "RS256" }, "keys[2]")).toEqual([
      { property: "keys[2].alg", reason: expect.stringContaining("RSA") },
    ]);
    expect(properties(publicKeyFailures({ ...rsa, alg: "ES256" }, "k"))).toEqual(["k.alg"]);
    expect(properties(publicKeyFailures({ ...okp, alg: "ES256" }, "k"))).toEqual(["k.alg"]);
    expect(properties(publicKeyFailures({ ...rsa, alg: "EdDSA" }, "k"))).toEqual(["k.alg"]);
    // ECDH-ES on X25519 is an OKP key, so an EC kty claiming X25519 is refused too.
    expect(properties(publicKeyFailures({ ...x25519, alg: "ECDH-ES+A128KW", kty: "EC", y: x25519.x }, "k"))).toContain("k.alg");
  });

  test("alg not matching crv is refused at .crv", () => {
    expect(publicKeyFailures({ ...ec, alg: "ES384" }, "keys[0]")).toEqual([
      { property: "keys[0].crv", reason: expect.stringContaining("P-384") },
    ]);
    expect(properties(publicKeyFailures({ ...ecdhP384, alg: "ES512", use: "sig" }, "k"))).toEqual(["k.crv"]);
    expect(properties(publicKeyFailures({ ...x25519, alg: "EdDSA", use: "sig" }, "k"))).toEqual(["k.crv"]);
    // ECDH-ES on Ed25519: not an ECDH curve, and the key is a signing key.
    expect(properties(publicKeyFailures({ ...okp, alg: "ECDH-ES" }, "k")).sort()).toEqual(["k.alg", "k.use"]);
  });

  test("unsupported alg is refused at .alg", () => {
    expect(properties(publicKeyFailures({ ...rsa, alg: "HS256" }, "k"))).toEqual(["k.alg"]);
    expect(properties(publicKeyFailures({ ...rsa, alg: 256 }, "k"))).toEqual(["k.alg"]);
  });

  test('use "enc" with a signing alg (and "sig" with an encryption alg) is refused at .use', () => {
    expect(publicKeyFailures({ ...ec, use: "enc" }, "keys[0]")).toEqual([
      { property: "keys[0].use", reason: expect.stringContaining("sig") },
    ]);
    expect(properties(publicKeyFailures({ ...rsa, use: "enc" }, "k"))).toEqual(["k.use"]);
    expect(properties(publicKeyFailures({ ...rsaEnc, use: "sig" }, "k"))).toEqual(["k.use"]);
    expect(properties(publicKeyFailures({ ...ec, use: "whatever", alg: undefined }, "k"))).toEqual(["k.use"]);
  });

  test("bad key_ops are refused at .key_ops", () => {
    expect(publicKeyFailures({ ...ec, key_ops: ["encrypt"] }, "keys[1]")).toEqual([
      { property: "keys[1].key_ops", reason: expect.stringContaining("encrypt") },
    ]);
    expect(properties(publicKeyFailures({ ...ec, key_ops: "verify" }, "k"))).toEqual(["k.key_ops"]);
    expect(new Set(properties(publicKeyFailures({ ...ec, key_ops: [1] }, "k")))).toEqual(new Set(["k.key_ops"]));
    expect(properties(publicKeyFailures({ ...rsaEnc, key_ops: ["sign", "encrypt"] }, "k"))).toEqual(["k.key_ops"]);
    // Allowed operations pass.
    expect(publicKeyFailures({ ...ec, key_ops: ["verify"] }, "k")).toEqual([]);
    expect(publicKeyFailures({ ...rsaEnc, key_ops: ["encrypt", "wrapKey"] }, "k")).toEqual([]);
  });

  test("missing or empty kid is refused at .kid", () => {
    const { kid: _kid, ...noKid } = ec;
    expect(publicKeyFailures(noKid, "keys[5]")).toEqual([{ property: "keys[5].kid", reason: expect.any(String) }]);
    expect(properties(publicKeyFailures({ ...ec, kid: "" }, "k"))).toEqual(["k.kid"]);
    expect(properties(publicKeyFailures({ ...ec, kid: 7 }, "k"))).toEqual(["k.kid"]);
  });

  test("non-objects are refused at the key's own path", () => {
    for (const v of [null, "key", 3, [ec]]) expect(properties(publicKeyFailures(v, "keys[4]"))).toEqual(["keys[4]"]);
  });

  test("every problem is reported, not just the first", () => {
    const failures = publicKeyFailures({ ...ec, d: "AQAB", kid: "", use: "enc", key_ops: ["encrypt"] }, "k");
    expect(properties(failures).sort()).toEqual(["k.d", "k.key_ops", "k.kid", "k.use"]);
  });
});

describe("keySetFailures", () => {
  test("a valid set gives []", async () => {
    expect(await keySetFailures([rsa, ec, okp, x25519, ecdhP384, rsaEnc], "keys")).toEqual([]);
    expect(await keySetFailures([], "keys")).toEqual([]);
  });

  test("per-key failures carry the index in the path", async () => {
    const failures = await keySetFailures([rsa, { ...ec, d: "AQAB" }, okp, { ...okp, kid: "" }], "keys");
    expect(properties(failures)).toEqual(["keys[1].d", "keys[3].kid"]);
  });

  test("duplicate kid is refused at the second key's kid", async () => {
    const failures = await keySetFailures([ec, rsa, { ...okp, kid: ec.kid }], "keys");
    expect(failures).toEqual([{ property: "keys[2].kid", reason: expect.stringContaining(ec.kid) }]);
    expect(failures[0]!.reason).toContain("keys[0]");
  });

  test("the same key under two kids is refused at the second key", async () => {
    const failures = await keySetFailures([ec, okp, { ...ec, kid: "another-name" }], "keys");
    expect(failures).toEqual([{ property: "keys[2]", reason: expect.stringContaining(thumbprintOf(ec)) }]);
    expect(failures[0]!.reason).toContain("keys[0]");
  });

  test("the same key with different metadata under two kids is still the same key", async () => {
    const failures = await keySetFailures([ec, { ...ec, kid: "v2", key_ops: ["verify"] }], "jwks");
    expect(properties(failures)).toEqual(["jwks[1]"]);
  });

  test("thumbprintOf ignores metadata", async () => {
    expect(thumbprintOf({ ...ec, kid: "x", use: undefined, key_ops: ["verify"] })).toBe(thumbprintOf(ec));
    expect(thumbprintOf(ec)).not.toBe(thumbprintOf(okp));
  });
});

describe("regressions", () => {
  test("an X25519 key does not pass as OKP for a non-ECDH alg", () => {
    const key = { kty: "OKP", crv: "X25519", x: "hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo", kid: "a", alg: "RS256", use: "sig" };
    expect(publicKeyFailures(key, "keys[0]").map((f) => f.property)).toContain("keys[0].alg");
    expect(publicKeyFailures({ ...key, alg: "RSA-OAEP-256", use: "enc" }, "keys[0]").map((f) => f.property)).toContain("keys[0].alg");
    expect(publicKeyFailures({ ...key, alg: "ECDH-ES", use: "enc" }, "keys[0]")).toEqual([]);
  });

  test("regression: malformed public key members that pass the base64url check are refused", () => {
    // Too short, or not on the curve: node:crypto cannot load them.
    expect(publicKeyFailures({ ...ec, x: "AAAA" }, "k")).toEqual([{ property: "k.x", reason: expect.stringContaining("32 octets") }]);
    expect(properties(publicKeyFailures({ ...ec, x: "A" }, "k"))).toEqual(["k.x"]);
    expect(properties(publicKeyFailures({ ...okp, x: "AAAA" }, "k"))).toEqual(["k.x"]);
    expect(publicKeyFailures({ ...ec, y: ec.x }, "keys[1]")).toEqual([
      { property: "keys[1]", reason: expect.stringContaining("not a valid EC public key") },
    ]);
    // node loads a 33-octet P-256 coordinate (a leading zero); RFC 7518 section 6.2.1.2 wants exactly 32.
    const padded = Buffer.concat([Buffer.alloc(1), Buffer.from(ec.x!, "base64url")]).toString("base64url");
    expect(publicKeyFailures({ ...ec, x: padded }, "k")).toEqual([{ property: "k.x", reason: expect.stringContaining("got 33") }]);
    // node loads e = 1 (and even exponents); RSA needs an odd e >= 3.
    expect(publicKeyFailures({ ...rsa, e: "AQ" }, "k")).toEqual([
      { property: "k.e", reason: expect.stringContaining("odd and at least 3") },
    ]);
    expect(properties(publicKeyFailures({ ...rsa, e: "Ag" }, "k"))).toEqual(["k.e"]);
    expect(new Set(properties(publicKeyFailures({ ...rsa, e: "AAAB" }, "k")))).toEqual(new Set(["k.e"])); // 0x000001: padded, and 1
    expect(properties(publicKeyFailures({ ...rsa, e: "AQAA" }, "k"))).toEqual(["k.e"]); // 0x010000, even
    // Full-size coordinates on every curve still pass.
    const p521 = generateKeyPairSync("ec", { namedCurve: "P-521" }).publicKey.export({ format: "jwk" }) as JsonWebKey;
    expect(publicKeyFailures({ ...p521, kid: "p521" }, "k")).toEqual([]);
    expect(publicKeyFailures({ ...rsa, e: "Aw" }, "k")).toEqual([]); // e = 3
  });

  test("regression: use, key_ops and the curve must agree even without an alg", () => {
    const noAlg = (k: PublicJwk, extra: Record<string, unknown>) => publicKeyFailures({ ...k, alg: undefined, ...extra }, "k");
    expect(noAlg(ec, { use: "sig", key_ops: ["encrypt"] })).toEqual([{ property: "k.key_ops", reason: expect.stringContaining('"sig"') }]);
    expect(properties(noAlg(rsaEnc, { use: "enc", key_ops: ["encrypt", "sign"] }))).toEqual(["k.key_ops"]);
    expect(noAlg(x25519, { use: "sig" })).toEqual([{ property: "k.use", reason: expect.stringContaining("X25519") }]);
    expect(noAlg(okp, { use: "enc" })).toEqual([{ property: "k.use", reason: expect.stringContaining("Ed25519") }]);
    expect(properties(noAlg(x25519, { use: undefined, key_ops: ["sign"] }))).toEqual(["k.key_ops"]);
    expect(properties(noAlg(okp, { use: undefined, key_ops: ["wrapKey"] }))).toEqual(["k.key_ops"]);
    // RFC 7517 section 4.3: key_ops values MUST NOT be duplicated, with or without an alg.
    expect(publicKeyFailures({ ...ec, key_ops: ["verify", "verify"] }, "k")).toEqual([
      { property: "k.key_ops", reason: expect.stringContaining('"verify"') },
    ]);
    expect(properties(noAlg(ec, { key_ops: ["verify", "verify", "verify"] }))).toEqual(["k.key_ops"]);
    // What agrees still passes.
    expect(noAlg(ec, { use: "enc", key_ops: ["deriveKey", "deriveBits"] })).toEqual([]);
    expect(noAlg(rsa, { use: "sig", key_ops: ["verify"] })).toEqual([]);
    expect(noAlg(x25519, { use: "enc", key_ops: ["deriveKey"] })).toEqual([]);
    expect(noAlg(okp, { use: undefined, key_ops: ["verify"] })).toEqual([]);
  });
});

describe("regression: RSA members are minimal octet strings", () => {
  test("n or e with a leading zero octet is refused (a padded n would give one key two thumbprints)", async () => {
    const { publicJwk } = await describeKey(await generateKey({ alg: "RS256" }), { alg: "RS256", use: "sig" });
    const pad = (v: string) => Buffer.concat([Buffer.from([0]), Buffer.from(v, "base64url")]).toString("base64url");
    expect(publicKeyFailures(publicJwk, "k")).toEqual([]);
    expect(publicKeyFailures({ ...publicJwk, n: pad(publicJwk.n!) }, "k").map((f) => f.property)).toEqual(["k.n"]);
    expect(publicKeyFailures({ ...publicJwk, e: pad(publicJwk.e!) }, "k").map((f) => f.property)).toEqual(["k.e"]);
  });
});
