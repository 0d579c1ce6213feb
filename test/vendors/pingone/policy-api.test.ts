/**
 * The PingOne adapter's request and response processing: policy field rules (and that the enums are the spec's),
 * the policy and JWKS interpreters (current and next by UUIDv1 time), regions and hosts, and the calls the
 * policy client sends (token first, then the API), with PingOne's error body turned into coded errors.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { MockAgent } from "undici";
import { formatUuidV1, ticksOf } from "../../../provider/core/keys/uuid-v1";
import { connectionFailures, hostsOf, openPingOne, PINGONE_REGIONS } from "../../../provider/vendors/pingone/connection";
import { processPolicyJwks } from "../../../provider/vendors/pingone/policy-jwks";
import {
  KEY_LENGTHS,
  POLICY_DEFAULTS,
  POLICY_ENUMS,
  PolicyClient,
  policyFieldFailures,
  processPolicy,
} from "../../../provider/vendors/pingone/policy-api";
import { JSON_HEADERS, newAgent, seen, sequence } from "../../http/mock-http";

const ENV = "3f2c1d7e-1111-4222-8333-444455556666";
const kidAt = (iso: string, seq = 1) => formatUuidV1(ticksOf(Date.parse(iso)), seq, "0242ac120002");
const rsa = { kty: "RSA", n: "sXch", e: "AQAB", use: "sig" };
const valid = { name: "n", dn: "CN=x", ...POLICY_DEFAULTS };

describe("policy fields", () => {
  test("the enums are the spec's (EnumKeyRotationPolicy*)", () => {
    const spec = JSON.parse(readFileSync(join(__dirname, "../../emulators/specs/pingone-krp-applications.json"), "utf8"));
    const schemas = spec.components.schemas;
    expect(POLICY_ENUMS.algorithm).toEqual(schemas.EnumKeyRotationPolicyAlgorithm.enum);
    expect(POLICY_ENUMS.signatureAlgorithm).toEqual(schemas.EnumKeyRotationPolicySigAlgorithm.enum);
    expect(POLICY_ENUMS.usageType).toEqual(schemas.EnumKeyRotationPolicyUsageType.enum);
    expect(schemas.KeyRotationPolicy.properties.rotationPeriod).toMatchObject({ default: POLICY_DEFAULTS.rotationPeriod, minimum: 30 });
    expect(schemas.KeyRotationPolicy.properties.validityPeriod.default).toBe(POLICY_DEFAULTS.validityPeriod);
  });

  test("the defaults pass; each rule names its field and why", () => {
    expect(policyFieldFailures(valid)).toEqual([]);
    const f = policyFieldFailures({
      ...valid,
      name: "",
      dn: "just text",
      algorithm: "EC",
      keyLength: 1024,
      usageType: "ENCRYPTION",
      rotationPeriod: 29,
    });
    expect(f.map((x) => x.property)).toEqual(["name", "dn", "algorithm", "usageType", "keyLength", "rotationPeriod"]);
    expect(f.find((x) => x.property === "keyLength")?.reason).toContain(KEY_LENGTHS.join(", "));
    expect(f.find((x) => x.property === "rotationPeriod")?.reason).toMatch(/at least 30/);
  });

  test("rotationPeriod must leave a day before the key expires", () => {
    expect(policyFieldFailures({ ...valid, rotationPeriod: 60, validityPeriod: 61 })).toEqual([]);
    expect(policyFieldFailures({ ...valid, rotationPeriod: 61, validityPeriod: 61 })).toEqual([
      { property: "rotationPeriod", reason: "at most validityPeriod - 1 (60 days): a key must be rotated out before it expires" },
    ]);
  });
});

describe("processPolicyJwks", () => {
  test("the newest kid is next, the one before current, older ones previous; private members are dropped", () => {
    const old = kidAt("2026-01-01T00:00:00Z");
    const current = kidAt("2026-04-01T00:00:00Z");
    const next = kidAt("2026-04-01T00:00:01Z");
    const out = processPolicyJwks(
      {
        keys: [
          { ...rsa, kid: next, d: "private!" },
          { ...rsa, kid: old },
          { ...rsa, kid: current },
        ],
      },
      "t",
    );
    expect(out.keys.map((k) => [k.kid, k.role])).toEqual([
      [old, "previous"],
      [current, "current"],
      [next, "next"],
    ]);
    expect(out.current.kid).toBe(current);
    expect(out.next.createdAt).toBe("2026-04-01T00:00:01.000Z");
    expect(out.next.jwk).toEqual({ ...rsa, kid: next });
  });

  test("kids that are no UUIDv1, or a single key, leave current and next unknown (coded)", () => {
    expect(() =>
      processPolicyJwks(
        {
          keys: [
            { ...rsa, kid: "a" },
            { ...rsa, kid: kidAt("2026-01-01T00:00:00Z") },
          ],
        },
        "t",
      ),
    ).toThrow(
      expect.objectContaining({ code: "ERR_JWKS_PINGONE_KEY_ORDER", message: expect.stringContaining("kid(s) a are not time-based") }),
    );
    expect(() => processPolicyJwks({ keys: [{ ...rsa, kid: kidAt("2026-01-01T00:00:00Z") }] }, "t")).toThrow(
      expect.objectContaining({ code: "ERR_JWKS_PINGONE_KEY_ORDER" }),
    );
    expect(() => processPolicyJwks("<html>", "t")).toThrow(expect.objectContaining({ code: "ERR_JWKS_PINGONE_RESPONSE" }));
    expect(() => processPolicyJwks({ keys: [{ kid: 1 }] }, "t")).toThrow(expect.objectContaining({ code: "ERR_JWKS_PINGONE_RESPONSE" }));
  });
});

describe("processPolicy", () => {
  test("keeps the fields and key ids; refuses a body missing one", () => {
    const body = { id: "p1", ...valid, currentKeyId: "c", nextKeyId: "n", _links: {}, environment: { id: ENV } };
    expect(processPolicy(body, "t", "read")).toEqual({ id: "p1", ...valid, currentKeyId: "c", nextKeyId: "n" });
    expect(() => processPolicy({ ...body, keyLength: "2048" }, "t", "read")).toThrow(
      expect.objectContaining({ code: "ERR_JWKS_PINGONE_RESPONSE", message: expect.stringContaining("keyLength") }),
    );
  });
});

describe("regions and connection", () => {
  test("each region has its API and auth host; overrides win", () => {
    expect(Object.keys(PINGONE_REGIONS)).toEqual(["com", "eu", "asia", "ca"]);
    expect(hostsOf({ environmentId: ENV, region: "eu" })).toEqual({ api: "https://api.pingone.eu/v1", auth: "https://auth.pingone.eu" });
    expect(hostsOf({ environmentId: ENV })).toEqual({ api: "https://api.pingone.com/v1", auth: "https://auth.pingone.com" });
    expect(hostsOf({ environmentId: ENV, region: "ca", apiUrl: "http://127.0.0.1:1/v1/" }).api).toBe("http://127.0.0.1:1/v1");
  });

  test("failures name the member: environment id, region, URLs", () => {
    const f = connectionFailures({ environmentId: "prod", region: "us", apiUrl: "http://api.example.com/v1", clientId: "" }, "client.");
    expect(f.map((x) => x.property)).toEqual(["client.environmentId", "client.region", "client.apiUrl", "client.clientId"]);
    expect(f[1]!.reason).toContain("com, eu, asia, ca");
  });
});

describe("PolicyClient (MockAgent)", () => {
  let agent: MockAgent;
  beforeEach(() => {
    agent = newAgent();
    process.env.PINGONE_CLIENT_ID = "worker";
    process.env.PINGONE_CLIENT_SECRET = "s3cret";
  });
  afterEach(async () => {
    agent.assertNoPendingInterceptors();
    await agent.close();
  });
  const client = (region: "eu" | "asia" = "eu") =>
    new PolicyClient(openPingOne({ environmentId: ENV, region }, "policy", { dispatcher: agent }));
  const token = (host = "https://auth.pingone.eu") =>
    agent
      .get(host)
      .intercept({ path: `/${ENV}/as/token`, method: "POST" })
      .reply(200, { access_token: "at", expires_in: 3600 }, { headers: JSON_HEADERS });

  test("create: a worker-app token from the region's auth host, then POST the fields to its API host", async () => {
    token();
    const body = { id: "p1", ...valid };
    agent
      .get("https://api.pingone.eu")
      .intercept({ path: `/v1/environments/${ENV}/keyRotationPolicies`, method: "POST" })
      .reply(201, body, {
        headers: { "content-type": "application/hal+json;charset=UTF-8" },
      });
    expect((await client().create(valid)).id).toBe("p1");
    expect(sequence(agent)).toEqual([
      `POST https://auth.pingone.eu/${ENV}/as/token`,
      `POST https://api.pingone.eu/v1/environments/${ENV}/keyRotationPolicies`,
    ]);
    const [tokenCall, create] = seen(agent);
    expect(tokenCall!.body).toBe("grant_type=client_credentials");
    expect(tokenCall!.headers.authorization).toBe(`Basic ${Buffer.from("worker:s3cret").toString("base64")}`);
    expect(create!.headers.authorization).toBe("Bearer at");
    expect(JSON.parse(create!.body!)).toEqual(valid);
  });

  test("read: 404 NOT_FOUND is a gone policy (ERR_JWKS_TARGET_GONE); other errors carry PingOne's code", async () => {
    token("https://auth.pingone.asia");
    const api = agent.get("https://api.pingone.asia");
    api
      .intercept({ path: `/v1/environments/${ENV}/keyRotationPolicies/p1`, method: "GET" })
      .reply(404, { id: "e", code: "NOT_FOUND", message: "not found" }, { headers: JSON_HEADERS });
    api
      .intercept({ path: `/v1/environments/${ENV}/keyRotationPolicies/p2`, method: "GET" })
      .reply(403, { id: "e", code: "ACCESS_FAILED", message: "no role" }, { headers: JSON_HEADERS });
    const c = client("asia");
    await expect(c.read("p1")).rejects.toMatchObject({ code: "ERR_JWKS_TARGET_GONE" });
    await expect(c.read("p2")).rejects.toMatchObject({
      code: "ERR_JWKS_HTTP",
      status: 403,
      vendorCode: "ACCESS_FAILED",
      message: expect.stringContaining("no role"),
    });
  });

  test("delete: a policy already gone counts as deleted", async () => {
    token();
    agent
      .get("https://api.pingone.eu")
      .intercept({ path: `/v1/environments/${ENV}/keyRotationPolicies/p1`, method: "DELETE" })
      .reply(404, { id: "e", code: "NOT_FOUND", message: "x" }, { headers: JSON_HEADERS });
    await expect(client().delete("p1")).resolves.toBeUndefined();
  });

  test("no secret in the environment: a clear input error naming the variable", () => {
    delete process.env.PINGONE_CLIENT_SECRET;
    expect(() => client()).toThrow(
      expect.objectContaining({ code: "ERR_JWK_INVALID_INPUT", message: expect.stringContaining("PINGONE_CLIENT_SECRET") }),
    );
  });
});
