/**
 * PEM forms derived from JWKs (nothing stores them any more): they hold the same key, a private JWK also gives
 * its public PEM, and a bad JWK is refused without quoting any of its members.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";
import { describe, expect, test } from "vitest";
import { pemLabel } from "../../fixtures/pem";
import { privateKeyPemOf, publicKeyPemOf } from "../../../provider/core/keys/pem";
import { jwkThumbprint } from "../../../provider/core/keys/thumbprint";

const pairs = {
  rsa: generateKeyPairSync("rsa", { modulusLength: 2048 }),
  ec: generateKeyPairSync("ec", { namedCurve: "P-384" }),
  ed: generateKeyPairSync("ed25519"),
  x: generateKeyPairSync("x25519"),
};

describe("privateKeyPemOf / publicKeyPemOf", () => {
  test.each(Object.entries(pairs))("%s: PKCS#8 and SPKI of the same key, metadata ignored", (_name, pair) => {
    const jwk = { ...pair.privateKey.export({ format: "jwk" }), kid: "k", alg: "whatever", use: "sig", key_ops: ["sign"] };
    const privatePem = privateKeyPemOf(jwk);
    expect(pemLabel(privatePem)).toBe("PRIVATE KEY");
    expect(createPrivateKey(privatePem).export({ format: "jwk" }).d).toBe(jwk.d);
    const publicPem = publicKeyPemOf(jwk); // from the private JWK: its public half
    expect(pemLabel(publicPem)).toBe("PUBLIC KEY");
    const fromPem = createPublicKey(publicPem).export({ format: "jwk" }) as Record<string, unknown>;
    expect(jwkThumbprint(fromPem)).toBe(jwkThumbprint(jwk));
    expect(publicKeyPemOf(pair.publicKey.export({ format: "jwk" }))).toBe(publicPem);
  });

  test("a public JWK has no private PEM; bad input is refused without quoting it", () => {
    const jwk = pairs.ec.privateKey.export({ format: "jwk" });
    const { d, ...publicOnly } = jwk;
    expect(() => privateKeyPemOf(publicOnly)).toThrow(expect.objectContaining({ code: "ERR_JWK_KEY_MATERIAL" }));
    const broken = { ...jwk, crv: d }; // a member holding secret text
    let message = "";
    try {
      privateKeyPemOf(broken);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/not a private RSA, EC or OKP JWK/);
    expect(message).not.toContain(d!.slice(0, 8));
    expect(() => publicKeyPemOf("-----BEGIN")).toThrow(/expected a public JWK object/);
  });
});
