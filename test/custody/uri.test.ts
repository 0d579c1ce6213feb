import { expect, test } from "vitest";
import { keyUriFailures, parseKeyUri, readSource } from "../../provider/custody/uri";
import { derToJose, ECDSA_OCTETS } from "../../provider/custody/signature";
import { createPrivateKey, generateKeyPairSync, sign } from "node:crypto";

test("a key URI splits into scheme, path attributes (the key) and query attributes (how to reach it)", () => {
  expect(parseKeyUri("vault-transit:name=jwk%2Dsigning;mount=transit?address=http://127.0.0.1:8200&token-source=env:T")).toEqual({
    scheme: "vault-transit",
    path: { name: "jwk-signing", mount: "transit" },
    query: { address: "http://127.0.0.1:8200", "token-source": "env:T" },
  });
  expect(parseKeyUri("no-scheme")).toEqual({ reason: expect.stringContaining("not a key URI") });
  expect(parseKeyUri("x:name=a;name=b")).toEqual({ reason: 'attribute "name" is given twice' });
  expect(parseKeyUri("x:name")).toEqual({ reason: 'attribute "name" is not name=value' });
});

test("a URI carrying a token or PIN value is refused, naming the attribute and never the value", () => {
  const f = keyUriFailures("vault-transit:name=k?address=http://127.0.0.1:8200&token=s.SECRETVALUE", "keyUri");
  expect(f).toHaveLength(1);
  expect(f[0]!.property).toBe("keyUri");
  expect(f[0]!.reason).toContain('attribute "token"');
  expect(f[0]!.reason).not.toContain("SECRETVALUE");
  expect(keyUriFailures("pkcs11:token=t;object=o?pin-value=1234", "keyUri")[0]!.reason).toContain('"pin-value"');
  expect(keyUriFailures("vault-transit:name=k?token-source=env:T", "keyUri")).toEqual([]);
  // RFC 7512: a PKCS#11 URI's path `token` is the token label, not a secret.
  expect(keyUriFailures("pkcs11:token=jwk;object=signing?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-source=env:P", "keyUri")).toEqual(
    [],
  );
});

test("readSource reads env:NAME and file:/path, naming what is missing and never a value", async () => {
  process.env.CUSTODY_URI_TEST = "tok";
  expect(await readSource("env:CUSTODY_URI_TEST", "token-source")).toBe("tok");
  expect(await readSource("env:CUSTODY_URI_UNSET", "token-source")).toEqual({
    reason: expect.stringContaining("CUSTODY_URI_UNSET is not set"),
  });
  expect(await readSource("file:/nonexistent/x", "token-source")).toEqual({ reason: expect.stringContaining("ENOENT") });
  expect(await readSource("plain", "token-source")).toEqual({ reason: expect.stringContaining("env:NAME or file:/path") });
});

test("derToJose gives the fixed-width r||s node makes with dsaEncoding ieee-p1363, on every curve", () => {
  for (const [alg, curve, hash] of [
    ["ES256", "P-256", "sha256"],
    ["ES384", "P-384", "sha384"],
    ["ES512", "P-521", "sha512"],
  ] as const) {
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: curve });
    for (let i = 0; i < 20; i++) {
      const data = Buffer.from(`message ${i}`);
      const der = sign(hash, data, createPrivateKey(privateKey.export({ format: "pem", type: "pkcs8" })));
      const jose = derToJose(der, ECDSA_OCTETS[alg]!);
      expect(jose.length).toBe(ECDSA_OCTETS[alg]! * 2);
      // Same r and s: re-encode node's own p1363 form from the same DER by verifying both forms.
      const { verify } = require("node:crypto") as typeof import("node:crypto");
      expect(verify(hash, data, { key: privateKey, dsaEncoding: "ieee-p1363" }, jose)).toBe(true);
    }
  }
  expect(() => derToJose(new Uint8Array([0x31, 0]), 32)).toThrow(/SEQUENCE/);
});
