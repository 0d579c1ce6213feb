/**
 * The synchronous RFC 7638 thumbprint: the RFC's own vectors, and agreement with jose's calculateJwkThumbprint
 * (the reference) for every key type we handle, whatever metadata or private members the JWK carries.
 */
import { generateKeyPairSync } from "node:crypto";
import fc from "fast-check";
import { calculateJwkThumbprint, type JWK } from "jose";
import { describe, expect, test } from "vitest";
import { jwkThumbprint } from "../../../provider/core/keys/thumbprint";
import { RFC7638_KEY } from "../../fixtures/vectors";

describe("jwkThumbprint", () => {
  test("RFC 7638 section 3.1 and RFC 8037 appendix A.3 vectors", () => {
    expect(jwkThumbprint(RFC7638_KEY)).toBe("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
    expect(jwkThumbprint({ kty: "OKP", crv: "Ed25519", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" })).toBe(
      "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k",
    );
  });

  test("agrees with jose for RSA, EC, OKP keys, public or private, with any metadata", async () => {
    const pairs = [
      generateKeyPairSync("rsa", { modulusLength: 2048 }),
      ...["P-256", "P-384", "P-521"].map((namedCurve) => generateKeyPairSync("ec", { namedCurve })),
      generateKeyPairSync("ed25519"),
      generateKeyPairSync("x25519"),
    ];
    const keys = pairs.flatMap((p) => [p.publicKey.export({ format: "jwk" }), p.privateKey.export({ format: "jwk" })]) as JWK[];
    const metadata = fc.record(
      {
        kid: fc.string(),
        alg: fc.constantFrom("RS256", "ES256", "EdDSA"),
        use: fc.constantFrom("sig", "enc"),
        key_ops: fc.array(fc.string()),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...keys), metadata, async (key, meta) => {
        const jwk = { ...key, ...meta };
        expect(jwkThumbprint(jwk)).toBe(await calculateJwkThumbprint(jwk, "sha256"));
      }),
      { numRuns: 200 },
    );
  });

  test("refuses other key types and missing or non-string members, naming them", () => {
    expect(() => jwkThumbprint({ kty: "oct", k: "AAAA" })).toThrow(expect.objectContaining({ code: "ERR_JWK_KEY_MATERIAL" }));
    expect(() => jwkThumbprint({ kty: "EC", crv: "P-256", x: "AAAA" })).toThrow(/"y" must be a string/);
    expect(() => jwkThumbprint({ kty: "RSA", n: 5, e: "AQAB" })).toThrow(/"n" must be a string/);
    expect(() => jwkThumbprint({})).toThrow(/kty/);
  });
});
