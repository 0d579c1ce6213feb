/**
 * Inspection: every finding code comes from a document built to produce it, with its fixed severity, and sets
 * in the shapes vendors publish (Janssen, Keycloak, PingOne) have no error or warning.
 */
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, test } from "vitest";
import { SEVERITY_OF, type FindingCode } from "../../../provider/core/jwks/inspect/findings";
import { findingsAtLeast, inspectJwks } from "../../../provider/core/jwks/inspect/inspect";
import { jwkThumbprint } from "../../../provider/core/keys/thumbprint";
import { RFC7638_KEY } from "../../fixtures/vectors";
import { certFor, janssenSet, keycloakSet, pingOneSet, shortRsaKey, testKey, type TestKey } from "./vendor-sets";

const DAY = 86_400_000;
let es: TestKey;
let other: TestKey;
let ed: TestKey;

beforeAll(async () => {
  [es, other, ed] = await Promise.all([testKey("ES256", "es"), testKey("ES256", "other"), testKey("EdDSA")]);
});

/** The codes inspection finds in a one-key set, key and set findings together. */
function codesOf(key: unknown, now = new Date()): string[] {
  const report = inspectJwks([key], now);
  return [...report.keys[0]!.findings, ...report.findings].map((f) => f.code);
}

function messageOf(key: unknown, code: FindingCode, now = new Date()): string {
  const f = inspectJwks([key], now).keys[0]!.findings.find((x) => x.code === code);
  expect(f, `expected ${code}`).toBeDefined();
  expect(f!.severity).toBe(SEVERITY_OF[code]);
  return f!.message;
}

describe("key findings", () => {
  test("private-member: names the members, never their values", () => {
    const m = messageOf({ ...es.publicJwk, d: es.privateJwk.d }, "private-member");
    expect(m).toMatch(/"d"/);
    expect(m).not.toContain(es.privateJwk.d);
    expect(codesOf({ kty: "oct", kid: "s", k: "c2VjcmV0" })).toContain("private-member");
  });
  test("missing-kid", () => {
    const { kid: _, ...nokid } = es.publicJwk;
    expect(codesOf(nokid)).toEqual(["missing-kid"]);
  });
  test("key-invalid: a point off the curve, a malformed member, not an object", () => {
    const offCurve = { ...es.publicJwk, y: other.publicJwk.y };
    expect(messageOf(offCurve, "key-invalid")).toMatch(/not a valid EC public key/);
    expect(messageOf({ ...es.publicJwk, x: "not base64url!" }, "key-invalid")).toMatch(/^x: required, a base64url string/);
    expect(codesOf("a string")).toEqual(["key-invalid"]);
  });
  test("alg-unregistered, suggesting the registered name", () => {
    expect(messageOf({ ...es.publicJwk, alg: "es-256" }, "alg-unregistered")).toMatch(/did you mean "ES256"\?/);
    expect(codesOf({ ...es.publicJwk, alg: "ECDSA" })).toContain("alg-unregistered");
  });
  test("alg-kty-mismatch: key type, and the curve an alg fixes", () => {
    expect(messageOf({ ...es.publicJwk, alg: "RS256" }, "alg-kty-mismatch")).toMatch(/alg RS256 takes RSA keys, not kty EC/);
    expect(messageOf({ ...es.publicJwk, alg: "ES384" }, "alg-kty-mismatch")).toMatch(/P-384, not P-256/);
  });
  test("use-alg-mismatch", () => {
    expect(messageOf({ ...es.publicJwk, use: "enc" }, "use-alg-mismatch")).toMatch(/use "enc" does not agree with alg ES256/);
  });
  test("rsa-modulus-short says the size", () => {
    expect(messageOf(shortRsaKey("short"), "rsa-modulus-short")).toMatch(/1024 bits/);
  });
  test("kid-not-thumbprint gives the thumbprint; a thumbprint kid is not reported", () => {
    expect(messageOf(es.publicJwk, "kid-not-thumbprint")).toContain(jwkThumbprint(es.publicJwk));
    expect(codesOf(ed.publicJwk)).toEqual([]);
    expect(codesOf({ ...RFC7638_KEY, kid: "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs" })).toEqual([]);
  });
  test("member-not-for-kty: empty, null or present members of another key type", () => {
    const key = { ...RFC7638_KEY, kid: "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs", crv: "", x: null, y: "abc" };
    const report = inspectJwks([key]).keys[0]!;
    expect(report.findings.map((f) => f.message)).toEqual([
      '"crv" (an empty string) is not a member of an RSA key; clients ignore it',
      '"x" (null) is not a member of an RSA key; clients ignore it',
      '"y" (present) is not a member of an RSA key; clients ignore it',
    ]);
    expect(report.findings.every((f) => f.code === "member-not-for-kty" && f.severity === "info")).toBe(true);
  });
});

describe("certificate findings", () => {
  test("a matching certificate with right digests has no finding; expiry is reported in the table", async () => {
    const cert = await certFor(ed, "EdDSA", 365);
    const report = inspectJwks([{ ...ed.publicJwk, ...cert }]).keys[0]!;
    expect(report.findings).toEqual([]);
    expect(report.certificateExpires!.getTime()).toBeGreaterThan(Date.now() + 360 * DAY);
  });
  test("x5c-unparseable: base64url, PEM armour, not DER, not an array", async () => {
    const der64 = (await certFor(es, "ES256")).x5c[0]!;
    const armour = "-".repeat(5);
    expect(messageOf({ ...es.publicJwk, x5c: [der64.replace(/\+/g, "-").replace(/\//g, "_") + "-_"] }, "x5c-unparseable")).toMatch(
      /not base64url/,
    );
    expect(messageOf({ ...es.publicJwk, x5c: [`${armour}BEGIN CERTIFICATE${armour}`] }, "x5c-unparseable")).toMatch(/PEM armour/);
    expect(messageOf({ ...es.publicJwk, x5c: ["AAAA"] }, "x5c-unparseable")).toMatch(/not a DER X.509 certificate/);
    expect(codesOf({ ...es.publicJwk, x5c: der64 })).toContain("x5c-unparseable");
  });
  test("x5c-key-mismatch: the certificate holds another key", async () => {
    const cert = await certFor(other, "ES256");
    expect(messageOf({ ...es.publicJwk, ...cert }, "x5c-key-mismatch")).toContain(jwkThumbprint(other.publicJwk));
  });
  test("x5c-chain-broken: a second certificate that did not issue the first", async () => {
    const a = await certFor(es, "ES256");
    const b = await certFor(other, "ES256");
    expect(codesOf({ ...es.publicJwk, ...a, x5c: [a.x5c[0], b.x5c[0]] })).toContain("x5c-chain-broken");
  });
  test("x5t-mismatch and x5t#S256-mismatch name the right value and recognise hashing to hex first", async () => {
    const cert = await certFor(es, "ES256");
    const der = Buffer.from(cert.x5c[0]!, "base64");
    const sha1Hex = createHash("sha1").update(der).digest("hex");
    const sha256Hex = createHash("sha256").update(der).digest("hex");
    const wrong = {
      ...es.publicJwk,
      ...cert,
      x5t: Buffer.from(sha1Hex).toString("base64url"),
      "x5t#S256": Buffer.from(sha256Hex).toString("base64url"),
    };
    expect(messageOf(wrong, "x5t-mismatch")).toMatch(new RegExp(`should be "${cert.x5t}": it is the base64url of the hex digest`));
    expect(messageOf(wrong, "x5t#S256-mismatch")).toContain(`should be "${cert["x5t#S256"]}": it is the base64url of the hex digest`);
    const padded = { ...es.publicJwk, ...cert, "x5t#S256": createHash("sha256").update(der).digest("base64") };
    expect(messageOf(padded, "x5t#S256-mismatch")).toMatch(/standard base64/);
    expect(messageOf({ ...es.publicJwk, ...cert, x5t: "AAAA" }, "x5t-mismatch")).not.toMatch(/hex/);
  });
  test("cert-expired, cert-not-yet-valid, cert-expiring (within 30 days)", async () => {
    const now = new Date();
    const expired = await certFor(es, "ES256", 10, new Date(now.getTime() - 20 * DAY));
    const future = await certFor(es, "ES256", 10, new Date(now.getTime() + 5 * DAY));
    const soon = await certFor(es, "ES256", 12, new Date(now.getTime() - DAY));
    expect(messageOf({ ...es.publicJwk, ...expired }, "cert-expired", now)).toMatch(/x5c\[0\] \(CN=es\) expired on/);
    expect(codesOf({ ...es.publicJwk, ...future }, now)).toContain("cert-not-yet-valid");
    expect(messageOf({ ...es.publicJwk, ...soon }, "cert-expiring", now)).toMatch(/expires in 10 day\(s\)/);
  });
});

describe("set findings", () => {
  test("duplicate-kid names the positions", () => {
    const report = inspectJwks([es.publicJwk, { ...other.publicJwk, kid: "es" }, ed.publicJwk]);
    expect(report.findings).toEqual([
      { code: "duplicate-kid", severity: "error", message: 'kid "es" is used by keys [0], [1]: clients may pick the wrong one' },
    ]);
  });
  test("empty-set", () => {
    expect(inspectJwks([]).findings.map((f) => f.code)).toEqual(["empty-set"]);
  });
});

describe("real-world-shaped sets have no error or warning", () => {
  test.each([
    ["Janssen", janssenSet],
    ["Keycloak", keycloakSet],
    ["PingOne", pingOneSet],
  ])("%s", async (_name, build) => {
    const report = inspectJwks((await build()).keys);
    expect(findingsAtLeast(report, "warning")).toEqual([]);
    expect(report.keys.length).toBeGreaterThan(1);
  });
  test("Janssen's quirks are information, and the expiry of its certificates is read", async () => {
    const report = inspectJwks((await janssenSet()).keys);
    expect(report.keys[0]!.findings.map((f) => f.code)).toEqual([
      "member-not-for-kty",
      "member-not-for-kty",
      "member-not-for-kty",
      "kid-not-thumbprint",
    ]);
    expect(report.keys[0]!.size).toBe(2048);
    expect(report.keys[1]!.crv).toBe("P-256");
    expect(report.keys.every((k) => k.certificateExpires instanceof Date)).toBe(true);
  });
});
