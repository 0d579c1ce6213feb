/**
 * The ReachFive emulator over real HTTP on 127.0.0.1 with plain fetch: tokens, the global and client-specific
 * pairs, revocation, HS256 clients, rate limiting, faults, request log and contract checks.
 */
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { startReachFiveEmulator, type ReachFiveEmulator } from "./reachfive";

let r5: ReachFiveEmulator;
let token: string;

async function call(
  path: string,
  o: { method?: string; auth?: string | false } = {},
): Promise<{ status: number; headers: Headers; body: any }> {
  const headers: Record<string, string> = {};
  if (o.auth !== false) headers.authorization = o.auth ?? `Bearer ${token}`;
  const res = await fetch(`${r5.url}${path}`, { method: o.method ?? "GET", headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

async function getToken(secret = r5.clientSecret): Promise<{ status: number; body: any }> {
  const res = await fetch(r5.tokenUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: r5.clientId, client_secret: secret }),
  });
  return { status: res.status, body: await res.json() };
}

beforeEach(async () => {
  r5 = await startReachFiveEmulator({ rateLimit: 40 });
  token = (await getToken()).body.access_token;
});
afterEach(async () => {
  expect(r5.contractViolations).toEqual([]);
  await r5.close();
});

describe("ReachFive emulator", () => {
  test("token by client credentials; a wrong secret is invalid_client; no token is 401 invalid_token", async () => {
    expect((await getToken("wrong")).body.error).toBe("invalid_client");
    const denied = await call("/api/v1/site/keys", { auth: false });
    expect(denied.status).toBe(401);
    expect(denied.body).toMatchObject({ error: "invalid_token", error_description: "Missing or invalid access token" });
    expect(typeof denied.body.error_id).toBe("string");
    // The request log keeps the scheme only, never the token or the secret.
    expect(JSON.stringify(r5.requests)).not.toContain(r5.clientSecret);
    expect(JSON.stringify(r5.requests)).not.toContain(token);
  });

  test("rotating the global pair publishes the new key first and keeps the old one in /jwks.json", async () => {
    const before = (await call("/api/v1/site/keys")).body.kid;
    const rotated = await call("/api/v1/site/keys", { method: "POST" });
    expect(rotated.status).toBe(200);
    expect(rotated.body).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
    expect(rotated.body.kid).not.toBe(before);
    const jwks = (await call("/jwks.json", { auth: false })).body.keys.map((k: { kid: string }) => k.kid);
    expect(jwks.slice(0, 2)).toEqual([rotated.body.kid, before]);
    expect(JSON.stringify(jwks)).not.toContain('"d"');
  });

  test("a client goes client-specific (POST), rotates, revokes its old pair, then back to global (PUT)", async () => {
    const app = r5.createClient();
    expect(r5.client(app)).toMatchObject({ jwks_type: "global", kid: r5.globalKid() });
    const first = (await call(`/api/v1/clients/${app}/keys`, { method: "POST" })).body;
    expect(first).toMatchObject({ client_id: app, jwks_type: "client_specific" });
    const second = (await call(`/api/v1/clients/${app}/keys`, { method: "POST" })).body;
    expect(second.kid).not.toBe(first.kid);
    const inUse = await call(`/api/v1/clients/${app}/jwks/${second.kid}`, { method: "DELETE" });
    expect(inUse.status).toBe(400);
    expect(inUse.body.error_description).toMatch(/signs the tokens/);
    expect((await call(`/api/v1/clients/${app}/jwks/${first.kid}`, { method: "DELETE" })).status).toBe(204);
    expect(r5.jwks().map((k) => k.kid)).not.toContain(first.kid);
    expect((await call(`/api/v1/clients/${app}/jwks/${first.kid}`, { method: "DELETE" })).status).toBe(404);
    const synced = (await call(`/api/v1/clients/${app}/keys`, { method: "PUT" })).body;
    expect(synced).toMatchObject({ jwks_type: "global", kid: r5.globalKid() });
    expect(r5.jwks().map((k) => k.kid)).not.toContain(second.kid);
  });

  test("HS256 clients have no pair: POST and PUT are refused with a ReachFive error", async () => {
    const app = r5.createClient({ alg: "HS256" });
    const refused = await call(`/api/v1/clients/${app}/keys`, { method: "POST" });
    expect(refused.status).toBe(400);
    expect(refused.body.error_description).toMatch(/HS256/);
    expect((await call(`/api/v1/clients/${app}/keys`, { method: "PUT" })).status).toBe(400);
    expect((await call(`/api/v1/clients/nobody`)).status).toBe(404);
  });

  test("over the rate limit: 429 with Retry-After and too_many_requests", async () => {
    let last = { status: 0, headers: new Headers(), body: undefined as any };
    for (let i = 0; i < 41 && last.status !== 429; i++) last = await call("/jwks.json", { auth: false });
    expect(last.status).toBe(429);
    expect(Number(last.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(last.body.error).toBe("too_many_requests");
  });

  test("injected and seeded faults; the request log names each operation", async () => {
    r5.injectFaults({ operationId: "rotateSiteKeys" }, { status: 503 });
    expect((await call("/api/v1/site/keys", { method: "POST" })).body.error).toBe("server_error");
    r5.setFaultPolicy((req) => (req.operationId === "getJwks" ? { status: 429 } : undefined));
    expect((await call("/jwks.json", { auth: false })).status).toBe(429);
    r5.setFaultPolicy(undefined);
    expect((await call("/jwks.json", { auth: false })).status).toBe(200);
    expect(r5.requests.slice(-3).map((r) => `${r.operationId}:${r.status}`)).toEqual(["rotateSiteKeys:503", "getJwks:429", "getJwks:200"]);
  });

  test("a request outside the documented paths is a contract violation and a ReachFive 404", async () => {
    const res = await call("/api/v1/clients/x/jwks", { method: "GET" });
    expect(res.status).toBe(404);
    expect(res.body.error).toBe("not_found");
    expect(r5.contractViolations.splice(0)).toEqual(["GET /api/v1/clients/x/jwks: no such path in the spec"]);
  });
});
