/**
 * Regression (issue 18, item 9): a Jwk's self-signed certificate is renewed before it expires. Before,
 * `certificate` had no `renewBefore`: the certificate was kept until it expired (`pulumi-jwk inspect` warned,
 * nothing renewed it). Now, with `renewBefore`, the diff at a time inside the window is an in-place update, and
 * the update makes a new certificate for the same key (same kid, same public key; only x5c and its thumbprints
 * change); outside the window nothing changes. Time is a parameter here; the provider takes it from the one
 * clock (`PULUMI_JWK_NOW`).
 */
import { X509Certificate } from "node:crypto";
import { beforeAll, describe, expect, test } from "vitest";
import { findingsAtLeast, inspectJwks } from "../../../provider/core/jwks/inspect/inspect";
import { renewalDue } from "../../../provider/resources/jwk/certificate";
import { createJwk, diffJwk, jwkInputFailures, updateJwk, type JwkInputs, type JwkOutputs } from "../../../provider/resources/jwk/logic";

const DAY = 86_400_000;
const T0 = Date.parse("2027-01-01T00:00:00Z");
const inputs: JwkInputs = {
  alg: "ES256",
  certificate: { subject: "CN=signing", validityDays: 90, renewBefore: "30d", sha1Thumbprint: true },
};
let made: JwkOutputs;

beforeAll(async () => {
  made = await createJwk(inputs, T0);
});

const cert = (o: JwkOutputs) => new X509Certificate(Buffer.from((o.publicJwk.x5c as string[])[0]!, "base64"));
const without = (o: Record<string, unknown>, ...members: string[]) =>
  Object.fromEntries(Object.entries(o).filter(([k]) => !members.includes(k)));

describe("certificate.renewBefore", () => {
  test("the certificate is valid from the clock's now", () => {
    expect(Date.parse(cert(made).validFrom)).toBe(T0);
    expect(Date.parse(cert(made).validTo)).toBe(T0 + 90 * DAY);
  });

  test.each([
    ["at creation", 0],
    ["a day before the window", 59 * DAY],
    ["a second before the window", 60 * DAY - 1000],
  ])("outside the window (%s): no change, the certificate is kept", async (_when, offset) => {
    const at = T0 + offset;
    expect(renewalDue(inputs.certificate, made.publicJwk, at)).toBe(false);
    expect(await diffJwk(made, inputs, at)).toEqual({ changes: false, replaces: [] });
    expect((await updateJwk(made, inputs, at)).publicJwk).toEqual(made.publicJwk);
  });

  test.each([
    ["as the window opens", 60 * DAY],
    ["inside it", 75 * DAY],
    ["after expiry", 100 * DAY],
  ])("inside the window (%s): an update (no replacement) makes a new certificate for the same key", async (_when, offset) => {
    const at = T0 + offset;
    expect(await diffJwk(made, inputs, at)).toEqual({ changes: true, replaces: [] });
    const renewed = await updateJwk(made, inputs, at);
    expect(renewed.kid).toBe(made.kid);
    expect(renewed.privateJwk).toEqual(made.privateJwk);
    expect(without(renewed.publicJwk, "x5c", "x5t", "x5t#S256")).toEqual(without(made.publicJwk, "x5c", "x5t", "x5t#S256"));
    expect(without(renewed as never, "publicJwk")).toEqual(without(made as never, "publicJwk"));
    for (const m of ["x5c", "x5t", "x5t#S256"]) expect(renewed.publicJwk[m]).not.toEqual(made.publicJwk[m]);
    expect(Date.parse(cert(renewed).validFrom)).toBe(at);
    expect(cert(renewed).subject).toBe("CN=signing");
    expect(findingsAtLeast(inspectJwks([renewed.publicJwk], new Date(at)), "warning")).toEqual([]);
    // the renewed certificate is outside the window: the next preview at the same time shows nothing
    expect(await diffJwk(renewed, inputs, at)).toEqual({ changes: false, replaces: [] });
  });

  test("without renewBefore, an expiring certificate is kept as before", async () => {
    const plain: JwkInputs = { alg: "ES256", certificate: { validityDays: 90 } };
    const o = await createJwk(plain, T0);
    expect(await diffJwk(o, plain, T0 + 89 * DAY)).toEqual({ changes: false, replaces: [] });
  });

  test("adding renewBefore outside the window updates the stored input and keeps the certificate", async () => {
    const plain: JwkInputs = { alg: "ES256", certificate: { validityDays: 90 } };
    const o = await createJwk(plain, T0);
    const next: JwkInputs = { alg: "ES256", certificate: { validityDays: 90, renewBefore: "7d" } };
    expect(await diffJwk(o, next, T0 + DAY)).toEqual({ changes: true, replaces: [] });
    const u = await updateJwk(o, next, T0 + DAY);
    expect(u.publicJwk).toEqual(o.publicJwk);
    expect(u.certificate).toEqual(next.certificate);
  });

  test.each([
    [{ renewBefore: "soon" }, /must be a duration like "90d"/],
    [{ renewBefore: 0 }, /positive number of seconds/],
    [{ renewBefore: "365d" }, /shorter than the certificate's validity \(365d\)/],
    [{ validityDays: 30, renewBefore: "30d" }, /shorter than the certificate's validity \(30d\)/],
  ])("%j is refused at certificate.renewBefore", async (certificate, reason) => {
    expect(await jwkInputFailures({ alg: "ES256", certificate })).toEqual([
      { property: "certificate.renewBefore", reason: expect.stringMatching(reason) },
    ]);
  });
});
