/**
 * The PingOne emulator itself: worker-app token by client credentials (basic and post), PingOne's error body on
 * every refusal, requests that break the spec answered 400 INVALID_DATA and recorded, HAL JSON, policy keys with
 * UUIDv1 kids in time order and a rotation, an application update without `signing` back on the default policy,
 * faults in PingOne's shape, and the request log without credentials.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uuidV1Date } from "../../provider/core/keys/uuid-v1";
import { startPingOneEmulator, type PingOneEmulator } from "./pingone";

let p1: PingOneEmulator;
let bearer: string;
let base: string;
const krp = { name: "k", dn: "CN=k", algorithm: "RSA", keyLength: 2048, signatureAlgorithm: "SHA256withRSA", usageType: "SIGNING" };

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}/${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, ...(body ? { "content-type": "application/json" } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get("content-type"), headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

beforeAll(async () => {
  p1 = await startPingOneEmulator();
  base = `${p1.apiUrl}/environments/${p1.environmentId}`;
  const form = new URLSearchParams({ grant_type: "client_credentials", client_id: p1.clientId, client_secret: p1.clientSecret });
  const res = await fetch(`${p1.authUrl}/${p1.environmentId}/as/token`, { method: "POST", body: form });
  bearer = ((await res.json()) as { access_token: string }).access_token;
});
afterAll(() => p1.close());

describe("PingOne emulator", () => {
  it("issues tokens to the worker app only; the log never holds its secret", async () => {
    const wrong = await fetch(`${p1.authUrl}/${p1.environmentId}/as/token`, {
      method: "POST",
      body: new URLSearchParams({ grant_type: "client_credentials", client_id: p1.clientId, client_secret: "nope" }),
    });
    expect(wrong.status).toBe(401);
    expect(JSON.stringify(p1.requests)).not.toContain(p1.clientSecret);
    expect(p1.requests.filter((r) => r.operationId === "auth:token").map((r) => r.status)).toEqual([200, 401]);
  });

  it("refuses a missing token with PingOne's error body", async () => {
    const res = await fetch(`${base}/keyRotationPolicies/x`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ id: expect.any(String), code: "ACCESS_FAILED", message: expect.any(String) });
  });

  it("creates a policy (HAL JSON) with CURRENT and NEXT keys whose UUIDv1 kids order them", async () => {
    const created = await call("POST", "keyRotationPolicies", krp);
    expect(created.status).toBe(201);
    expect(created.type).toMatch(/^application\/hal\+json/);
    expect(created.body).toMatchObject({
      ...krp,
      rotationPeriod: 90,
      validityPeriod: 365,
      _links: { self: { href: expect.stringContaining(created.body.id) } },
    });
    const jwks = await call("GET", `keyRotationPolicies/${created.body.id}/jwks`);
    const kids = jwks.body.keys.map((k: { kid: string }) => k.kid);
    expect(kids).toEqual([created.body.currentKeyId, created.body.nextKeyId]);
    expect(uuidV1Date(kids[1])!.getTime()).toBeGreaterThanOrEqual(uuidV1Date(kids[0])!.getTime());
    expect(jwks.body.keys[0]).not.toHaveProperty("d");

    p1.consoleRotate(created.body.id);
    const after = p1.policy(created.body.id)!;
    expect(after.currentKeyId).toBe(created.body.nextKeyId);
    expect(p1.policyKeys(created.body.id).map((k) => k.status)).toEqual(["PREVIOUS", "CURRENT", "NEXT"]);
  });

  it("answers a request that breaks the spec, or a service rule, with 400 INVALID_DATA and details", async () => {
    const before = p1.contractViolations.length;
    const bad = await call("POST", "keyRotationPolicies", { ...krp, usageType: "ENCRYPTION" });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      code: "INVALID_DATA",
      details: [{ code: "INVALID_VALUE", message: expect.stringContaining("usageType") }],
    });
    expect(p1.contractViolations.length).toBe(before + 1);
    p1.contractViolations.splice(before); // recorded as it should be; the rest of the file must add none

    const rule = await call("POST", "keyRotationPolicies", { ...krp, rotationPeriod: 60, validityPeriod: 60 });
    expect(rule.body).toMatchObject({ code: "INVALID_DATA", details: [{ code: "OUT_OF_RANGE", target: "rotationPeriod" }] });
  });

  it("puts an application back on the default policy when an update leaves signing out", async () => {
    const { body: policy } = await call("POST", "keyRotationPolicies", krp);
    const appId = p1.createApplication();
    const { body: app } = await call("GET", `applications/${appId}`);
    const { _links, id, environment, createdAt, updatedAt, ...writable } = app;
    const bound = await call("PUT", `applications/${appId}`, { ...writable, signing: { keyRotationPolicy: { id: policy.id } } });
    expect(bound.body.signing).toEqual({ keyRotationPolicy: { id: policy.id } });
    expect((await call("DELETE", `keyRotationPolicies/${policy.id}`)).body).toMatchObject({ code: "CONSTRAINT_VIOLATION" });
    const { signing: _s, ...withoutSigning } = bound.body;
    const updated = await call("PUT", `applications/${appId}`, {
      ...withoutSigning,
      _links: undefined,
      id: undefined,
      environment: undefined,
    });
    expect(updated.body.signing).toEqual({ keyRotationPolicy: { id: p1.defaultPolicyId } });
    expect((await call("DELETE", `keyRotationPolicies/${policy.id}`)).status).toBe(204);
  });

  it("injects faults in PingOne's shape: 429 REQUEST_LIMITED with Retry-After, 503 UNEXPECTED_ERROR", async () => {
    p1.injectFaults({ operationId: "getKeyRotationPolicy" }, { status: 429 }, { status: 503 });
    const limited = await call("GET", `keyRotationPolicies/${p1.defaultPolicyId}`);
    expect([limited.status, limited.body.code, limited.headers.get("retry-after")]).toEqual([429, "REQUEST_LIMITED", "1"]);
    const down = await call("GET", `keyRotationPolicies/${p1.defaultPolicyId}`);
    expect([down.status, down.body.code]).toEqual([503, "UNEXPECTED_ERROR"]);
    expect((await call("GET", `keyRotationPolicies/${p1.defaultPolicyId}`)).status).toBe(200);
    expect(p1.contractViolations).toEqual([]);
  });
});
