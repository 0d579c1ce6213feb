/**
 * A Jwk's certificate: a self-signed `x5c` with `x5t#S256` (and `x5t` when asked) that inspection finds
 * consistent, kept on updates that leave it alone, made again when it or the key changes; an imported key's own
 * chain, checked against the key; bad certificate inputs named by property.
 */
import { X509Certificate } from "node:crypto";
import { beforeAll, describe, expect, test } from "vitest";
import { findingsAtLeast, inspectJwks } from "../../../provider/core/jwks/inspect/inspect";
import { createJwk, diffJwk, jwkInputFailures, updateJwk, type JwkOutputs } from "../../../provider/resources/jwk/logic";
import { certFor, testKey } from "../../core/jwks/vendor-sets";

let es: JwkOutputs;

beforeAll(async () => {
  es = await createJwk({ alg: "ES256", certificate: { subject: "CN=signing.example.com, O=Example", validityDays: 90 } });
});

const cert = (o: JwkOutputs) => new X509Certificate(Buffer.from((o.publicJwk.x5c as string[])[0]!, "base64"));

describe("self-signed certificate", () => {
  test("x5c holds the key, x5t#S256 is right, no x5t unless asked; inspection finds nothing wrong", () => {
    const c = cert(es);
    expect(c.subject).toBe("CN=signing.example.com\nO=Example");
    const days = (new Date(c.validTo).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89);
    expect(days).toBeLessThanOrEqual(90);
    expect(es.publicJwk["x5t#S256"]).toBeDefined();
    expect(es.publicJwk.x5t).toBeUndefined();
    expect(findingsAtLeast(inspectJwks([es.publicJwk]), "info")).toEqual([]);
    expect(es.privateJwk).not.toHaveProperty("x5c"); // state holds the certificate once
  });

  test.each([
    ["RS256", {}],
    ["PS384", {}],
    ["EdDSA", {}],
    ["RSA-OAEP-256", {}],
    ["ECDH-ES", { crv: "P-384" }],
  ])("%s with sha1Thumbprint: x5t too, default subject CN=<kid>", async (alg, extra) => {
    const o = await createJwk({ alg, ...extra, certificate: { sha1Thumbprint: true } });
    expect(cert(o).subject).toBe(`CN=${o.kid}`);
    expect(o.publicJwk.x5t).toBeDefined();
    expect(findingsAtLeast(inspectJwks([o.publicJwk]), "warning")).toEqual([]);
  });

  test("an update that leaves certificate alone keeps it; a new certificate input makes a new one in place", async () => {
    const same = await updateJwk(es, { alg: "ES256", kid: "renamed", certificate: es.certificate! });
    expect(same.publicJwk.x5c).toEqual(es.publicJwk.x5c);
    const changed = { alg: "ES256", certificate: { subject: "CN=other" } };
    expect(await diffJwk(es, changed)).toEqual({ changes: true, replaces: [] });
    const updated = await updateJwk(es, changed);
    expect(cert(updated).subject).toBe("CN=other");
    expect(updated.publicJwk.x).toBe(es.publicJwk.x);
    expect(await diffJwk(es, { alg: "ES256", certificate: es.certificate! })).toEqual({ changes: false, replaces: [] });
  });

  test("rotation makes a new key with a new certificate", async () => {
    const rotated = await createJwk({ alg: "ES256", certificate: es.certificate!, rotationTrigger: "2" });
    expect(rotated.publicJwk.x5c).not.toEqual(es.publicJwk.x5c);
    expect(cert(rotated).publicKey.export({ format: "jwk" }).x).toBe(rotated.publicJwk.x);
  });
});

describe("an imported key's own chain", () => {
  test("a chain for the key is published with x5t#S256; a chain for another key is refused at x5c", async () => {
    const key = await testKey("ES256", "imported");
    const other = await testKey("ES256", "other");
    const own = (await certFor(key, "ES256")).x5c;
    const o = await createJwk({ alg: "ES256", privateJwk: key.privateJwk as Record<string, unknown>, x5c: own });
    expect(o.publicJwk.x5c).toEqual(own);
    expect(findingsAtLeast(inspectJwks([o.publicJwk]), "warning")).toEqual([]);
    const wrong = await jwkInputFailures({
      alg: "ES256",
      privateJwk: key.privateJwk as Record<string, unknown>,
      x5c: (await certFor(other, "ES256")).x5c,
    });
    expect(wrong).toEqual([{ property: "x5c", reason: expect.stringMatching(/is not this JWK's key/) }]);
    expect(await jwkInputFailures({ alg: "ES256", privateJwk: key.privateJwk as Record<string, unknown>, x5c: ["AAAA"] })).toEqual([
      { property: "x5c", reason: expect.stringMatching(/not a DER X.509 certificate/) },
    ]);
  });
});

describe("input failures", () => {
  test.each([
    [{ alg: "ES256", x5c: ["AAAA"] }, "x5c", /only an imported key/],
    [{ alg: "ES256", certificate: {}, x5c: ["AAAA"] }, "x5c", /not both/],
    [{ alg: "ES256", certificate: { subject: "not a dn" } }, "certificate.subject", /not a distinguished name/],
    [{ alg: "ES256", certificate: { validityDays: 0 } }, "certificate.validityDays", /from 1 to 36500/],
    [{ alg: "ES256", certificate: { sha1Thumbprint: "yes" } }, "certificate.sha1Thumbprint", /true or false/],
    [{ alg: "ECDH-ES", crv: "X25519", certificate: {} }, "certificate", /X25519 key cannot sign/],
    [{ alg: "ES256", certificate: "CN=x" }, "certificate", /must be an object/],
  ])("%j: %s", async (inputs, property, reason) => {
    expect(await jwkInputFailures(inputs as never)).toEqual([{ property, reason: expect.stringMatching(reason) }]);
  });
});
