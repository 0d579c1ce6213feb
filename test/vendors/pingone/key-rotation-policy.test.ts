/**
 * The PingOneKeyRotationPolicy logic: input failures (preview-time unknowns skipped), update versus replace, and a
 * create whose keys cannot be read undone on the emulator so nothing is left behind unreported.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPingOne } from "../../../provider/vendors/pingone/connection";
import { PolicyClient } from "../../../provider/vendors/pingone/policy-api";
import {
  createPolicy,
  diffPolicy,
  policyInputFailures,
  readPolicy,
  type PolicyInputs,
  type PolicyOutputs,
} from "../../../provider/vendors/pingone/key-rotation-policy/logic";
import { policyRefreshReport } from "../../../provider/vendors/pingone/key-rotation-policy/report";
import { UNKNOWN } from "../../../provider/pulumi/values";
import { startPingOneEmulator, type PingOneEmulator } from "../../emulators/pingone";

const ENV = "3f2c1d7e-1111-4222-8333-444455556666";
const inputs: PolicyInputs = { environmentId: ENV, name: "API", dn: "CN=API", rotationPeriod: 60, validityPeriod: 180 };

describe("policyInputFailures", () => {
  it("passes good input; names stray members (a pasted secret) and bad fields", () => {
    expect(policyInputFailures(inputs)).toEqual([]);
    const f = policyInputFailures({ ...inputs, clientSecret: "x", keyLength: 1000 } as PolicyInputs);
    expect(f.map((x) => x.property)).toEqual(["clientSecret", "keyLength"]);
  });
  it("skips values unknown at preview", () => {
    expect(policyInputFailures({ ...inputs, environmentId: UNKNOWN, rotationPeriod: UNKNOWN as never })).toEqual([]);
  });
});

const fields = {
  name: "API",
  dn: "CN=API",
  algorithm: "RSA",
  keyLength: 2048,
  signatureAlgorithm: "SHA256withRSA",
  usageType: "SIGNING",
  rotationPeriod: 60,
  validityPeriod: 180,
};
const olds: PolicyOutputs = {
  environmentId: ENV,
  rotationTrigger: "1",
  policyId: "p",
  fields,
  declared: fields,
  drift: [],
  currentKid: "c",
  nextKid: "n",
  currentKey: {},
  nextKey: {},
  keys: [],
};

describe("diffPolicy", () => {
  it("no change when PingOne holds the declared fields", () => {
    expect(diffPolicy(olds, { ...inputs, rotationTrigger: "1" })).toEqual({ changes: false, replaces: [] });
  });
  it("a field changed in the console (refreshed into state) is an update", () => {
    expect(diffPolicy({ ...olds, fields: { ...olds.fields, rotationPeriod: 120 } }, { ...inputs, rotationTrigger: "1" })).toEqual({
      changes: true,
      replaces: [],
    });
  });
  it("a new trigger, environment or region replaces", () => {
    expect(diffPolicy(olds, { ...inputs, rotationTrigger: "2" }).replaces).toEqual(["rotationTrigger"]);
    expect(diffPolicy(olds, { ...inputs, rotationTrigger: "1", region: "eu" }).replaces).toEqual(["region"]);
    expect(diffPolicy(olds, { ...inputs, rotationTrigger: "1", environmentId: "3f2c1d7e-1111-4222-8333-000000000000" }).replaces).toEqual([
      "environmentId",
    ]);
  });
});

describe("policyRefreshReport", () => {
  it("warns about console edits with both values; tells a scheduled rotation as info; silent otherwise", () => {
    expect(policyRefreshReport(olds, olds)).toEqual([]);
    const now = { ...olds, fields: { ...fields, rotationPeriod: 120 }, drift: ["rotationPeriod"], currentKid: "n", nextKid: "m" };
    expect(policyRefreshReport(olds, now)).toEqual([
      {
        severity: "warning",
        message: "drift on key rotation policy p: rotationPeriod is 120 in PingOne, declared 60; the next up puts the declared values back",
      },
      { severity: "info", message: "PingOne rotated key rotation policy p: the current key is now n (was c), the next one m" },
    ]);
  });
});

describe("createPolicy on the emulator", () => {
  let p1: PingOneEmulator;
  beforeAll(async () => {
    p1 = await startPingOneEmulator();
    process.env.PINGONE_CLIENT_ID = p1.clientId;
    process.env.PINGONE_CLIENT_SECRET = p1.clientSecret;
  });
  afterAll(() => p1.close());
  const client = () =>
    new PolicyClient(
      openPingOne({ environmentId: p1.environmentId, apiUrl: p1.apiUrl, authUrl: p1.authUrl }, "policy", { maxRetryDelayMs: 1 }),
    );

  it("reads back the keys; a policy deleted in the console reads as gone", async () => {
    const outs = await createPolicy({ ...inputs, environmentId: p1.environmentId, apiUrl: p1.apiUrl, authUrl: p1.authUrl }, client());
    expect([outs.currentKid, outs.nextKid]).toEqual([p1.policy(outs.policyId)!.currentKeyId, p1.policy(outs.policyId)!.nextKeyId]);
    p1.consoleDeletePolicy(outs.policyId);
    expect(await readPolicy(outs, client())).toBeUndefined();
  });

  it("keys unreadable after create: the policy is deleted again and the error says so (coded)", async () => {
    p1.injectFaults({ operationId: "getKeyRotationPolicyJwks" }, { status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
    const before = p1.requests.filter((r) => r.operationId === "createKeyRotationPolicy").length;
    await expect(
      createPolicy({ ...inputs, environmentId: p1.environmentId, apiUrl: p1.apiUrl, authUrl: p1.authUrl }, client()),
    ).rejects.toMatchObject({
      code: "ERR_JWKS_PINGONE_CREATE_INCOMPLETE",
      message: expect.stringMatching(/was created but its keys could not be read .*UNEXPECTED_ERROR.*; it was deleted again/),
    });
    const created = p1.requests.filter((r) => r.operationId === "createKeyRotationPolicy").slice(before);
    expect(created).toHaveLength(1);
    expect(p1.requests.at(-1)).toMatchObject({ operationId: "deleteKeyRotationPolicy", status: 204 });
  });

  it("a create with no clear answer is not sent again, and the error says a policy may exist (coded)", async () => {
    p1.injectFaults({ operationId: "createKeyRotationPolicy" }, { kind: "reset" });
    const before = p1.requests.length;
    await expect(
      createPolicy({ ...inputs, environmentId: p1.environmentId, apiUrl: p1.apiUrl, authUrl: p1.authUrl }, client()),
    ).rejects.toMatchObject({
      code: "ERR_JWKS_PINGONE_CREATE_UNCLEAR",
      message: expect.stringContaining('PingOne may have created the policy "API" anyway'),
    });
    expect(p1.requests.slice(before).filter((r) => r.operationId === "createKeyRotationPolicy")).toHaveLength(1);
  });
});
