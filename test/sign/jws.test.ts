import { generateKeyPairSync } from "node:crypto";
import * as jose from "jose";
import { describe, expect, test } from "vitest";
import { signJws } from "../../provider/sign";

/** A fresh private JWK and its public key for `alg` (generated per test: no key material in the repo). */
function keyPair(alg: string, kid = "k1") {
  const { privateKey, publicKey } =
    alg.startsWith("RS") || alg.startsWith("PS")
      ? generateKeyPairSync("rsa", { modulusLength: 2048 })
      : alg === "EdDSA"
        ? generateKeyPairSync("ed25519")
        : generateKeyPairSync("ec", { namedCurve: { ES256: "P-256", ES384: "P-384", ES512: "P-521" }[alg]! });
  return { privateJwk: { ...privateKey.export({ format: "jwk" }), kid }, publicKey };
}

describe("signJws with a private JWK", () => {
  test.each(["RS256", "RS512", "PS256", "PS384", "ES256", "ES384", "ES512", "EdDSA"])("%s verifies with jose", async (alg) => {
    const { privateJwk, publicKey } = keyPair(alg);
    const jws = await signJws({ privateJwk, alg, payload: "hello", protectedHeader: { typ: "example" } });
    const { payload, protectedHeader } = await jose.compactVerify(jws, publicKey);
    expect(new TextDecoder().decode(payload)).toBe("hello");
    expect(protectedHeader).toEqual({ alg, kid: "k1", typ: "example" });
  });

  test("PS256 uses a salt as long as the hash (RFC 7518 section 3.5)", async () => {
    const { createVerify, constants } = await import("node:crypto");
    const { privateJwk, publicKey } = keyPair("PS256");
    const jws = await signJws({ privateJwk, alg: "PS256", payload: new Uint8Array([1, 2, 3]) });
    const [h, p, s] = jws.split(".");
    const verify = (saltLength: number) =>
      createVerify("sha256")
        .update(`${h}.${p}`)
        .verify({ key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }, Buffer.from(s!, "base64url"));
    expect(verify(32)).toBe(true);
    expect(verify(256 - 32 - 2)).toBe(false); // the maximum salt for a 2048-bit key
  });

  test("kid: the option wins over the JWK's own; none when neither", async () => {
    const { privateJwk } = keyPair("ES256");
    expect(jose.decodeProtectedHeader(await signJws({ privateJwk, alg: "ES256", kid: "other", payload: "x" })).kid).toBe("other");
    const { kid: _kid, ...noKid } = privateJwk;
    expect(jose.decodeProtectedHeader(await signJws({ privateJwk: noKid, alg: "ES256", payload: "x" }))).toEqual({ alg: "ES256" });
  });

  test.each([
    [{ alg: "RS256" }, /privateJwk: is a EC P-256 key; RS256 needs RSA/],
    [{ alg: "ES384" }, /privateJwk: is a EC P-256 key; ES384 needs EC P-384/],
    [{ alg: "none" }, /alg: "none" is not a signature/],
    [{ alg: "HS256" }, /alg: a private JWK signs RS256, .*not "HS256"/],
    [{ alg: "ES256", protectedHeader: { alg: "RS256" } }, /protectedHeader.alg: give alg as its own option/],
    [{ alg: "ES256", protectedHeader: { b64: false } }, /protectedHeader.b64: is not supported/],
  ])("refused before signing, naming the field: %o", async (options, message) => {
    const { privateJwk } = keyPair("ES256");
    const error = await signJws({ privateJwk, payload: "x", ...options }).catch((e: Error) => e);
    expect(error).toMatchObject({ code: "ERR_JWK_INVALID_INPUT", message: expect.stringMatching(message) });
    expect(String((error as Error).message)).not.toContain(privateJwk.d);
  });

  test("a public JWK, a key with a broken member, and both or neither key are refused without quoting key material", async () => {
    const { privateJwk } = keyPair("ES256");
    const { d, ...publicJwk } = privateJwk;
    await expect(signJws({ privateJwk: publicJwk, alg: "ES256", payload: "x" })).rejects.toThrow(/privateJwk: is not a private key/);
    const broken = { ...privateJwk, x: "AA" };
    const error = await signJws({ privateJwk: broken, alg: "ES256", payload: "x" }).catch((e: Error) => e);
    expect(String(error)).toMatch(/privateJwk: does not load as a EC private key/);
    expect(String(error)).not.toContain(d!);
    await expect(signJws({ privateJwk, keyUri: "x:y=z", alg: "ES256", payload: "x" } as never)).rejects.toThrow(/exactly one of keyUri/);
    await expect(signJws({ alg: "ES256", payload: "x" } as never)).rejects.toThrow(/exactly one of keyUri/);
  });

  test("an RSA key under 2048 bits is refused", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
    const privateJwk = privateKey.export({ format: "jwk" });
    await expect(signJws({ privateJwk, alg: "RS256", payload: "x" })).rejects.toThrow(/has 1024 bits; RS256 needs at least 2048/);
  });
});

describe("signJws with a key URI: the custody backend is checked before anything is sent", () => {
  test.each([
    ["nope:name=x", "ES256", /keyUri: unknown key URI scheme "nope:"/],
    ["vault-transit:name=k?address=http://127.0.0.1:1&token=s.SECRET-VALUE", "ES256", /attribute "token" would put a secret in the URI/],
    ["vault-transit:name=k?address=http://127.0.0.1:1", "ECDH-ES", /alg: a vault-transit key signs only/],
    ["awskms:alias=k;region=eu-west-1?endpoint=http://127.0.0.1:1", "EdDSA", /alg/],
  ])("%s (%s)", async (keyUri, alg, message) => {
    const error = await signJws({ keyUri, alg, payload: "x" }).catch((e: Error) => e);
    expect(error).toMatchObject({ code: "ERR_JWK_INVALID_INPUT", message: expect.stringMatching(message) });
    expect(String((error as Error).message)).not.toContain("SECRET-VALUE");
  });
});
