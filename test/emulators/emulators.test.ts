/**
 * The emulators driven over real HTTP on 127.0.0.1 with plain fetch: every operation, each vendor rule and error
 * shape, fault injection, and the contract checks. After every test the emulator must have recorded no contract
 * violation; tests that send broken requests on purpose assert their violations and then clear them.
 */
import { generateKeyPairSync, type JsonWebKey } from "node:crypto";
import { afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { startJanssenEmulator, type JanssenEmulator } from "./janssen";
import { startOktaEmulator, type OktaEmulator } from "./okta";
import { startEmulator, type Emulator } from "./server";
import { loadSpec } from "./spec";

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

async function call(
  url: string,
  init: { method?: string; auth?: string; body?: unknown; type?: string; raw?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (init.auth) headers.authorization = init.auth;
  let body: string | undefined = init.raw;
  if (init.body !== undefined) body = JSON.stringify(init.body);
  if (body !== undefined) headers["content-type"] = init.type ?? "application/json";
  const res = await fetch(url, { method: init.method ?? "GET", headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

const rsa = (bits = 2048): JsonWebKey => generateKeyPairSync("rsa", { modulusLength: bits }).publicKey.export({ format: "jwk" });
const ec = (): JsonWebKey => generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "jwk" });
let rsaA: JsonWebKey, rsaB: JsonWebKey, rsaC: JsonWebKey, rsaSmall: JsonWebKey, ecA: JsonWebKey;
beforeAll(() => {
  [rsaA, rsaB, rsaC, rsaSmall, ecA] = [rsa(), rsa(), rsa(), rsa(1024), ec()];
});

/** Takes the recorded violations (so the afterEach check passes) and returns them. */
const drain = (e: Emulator): string[] => e.contractViolations.splice(0);

describe("Okta emulator", () => {
  let okta: OktaEmulator;
  let appId: string;
  let ssws: string;
  let jwks: string;
  const sig = (jwk: JsonWebKey, kid: string, extra: object = {}) => ({
    kid,
    kty: jwk.kty,
    alg: jwk.kty === "EC" ? "ES256" : "RS256",
    use: "sig",
    ...(jwk.kty === "EC" ? { crv: jwk.crv, x: jwk.x, y: jwk.y } : { e: jwk.e, n: jwk.n }),
    ...extra,
  });
  const enc = (jwk: JsonWebKey, kid: string, status = "ACTIVE") => ({
    kid,
    kty: "RSA",
    alg: "RSA-OAEP",
    use: "enc",
    e: jwk.e,
    n: jwk.n,
    status,
  });
  const add = (body: unknown, app = appId) => call(`${okta.url}/api/v1/apps/${app}/credentials/jwks`, { method: "POST", auth: ssws, body });
  const lifecycle = (id: string, action: "activate" | "deactivate") =>
    call(`${jwks}/${id}/lifecycle/${action}`, { method: "POST", auth: ssws });
  const expectOktaError = (a: Answer, status: number, code: string, cause?: string) => {
    expect(a.status).toBe(status);
    expect(Object.keys(a.body).sort()).toEqual(["errorCauses", "errorCode", "errorId", "errorLink", "errorSummary"]);
    expect(a.body).toMatchObject({ errorCode: code, errorLink: code });
    if (cause !== undefined) expect(a.body.errorCauses).toEqual([{ errorSummary: cause }]);
  };

  beforeEach(async () => {
    okta = await startOktaEmulator();
    appId = okta.createApp();
    ssws = `SSWS ${okta.apiToken}`;
    jwks = `${okta.url}/api/v1/apps/${appId}/credentials/jwks`;
  });
  afterEach(async () => {
    await okta.close();
    expect(okta.contractViolations).toEqual([]);
  });

  test("lists an empty set with rate-limit headers", async () => {
    const a = await call(jwks, { auth: ssws });
    expect(a.status).toBe(200);
    expect(a.body).toEqual([]);
    expect(Number(a.headers.get("x-rate-limit-limit"))).toBeGreaterThan(0);
    expect(a.headers.get("x-rate-limit-remaining")).toMatch(/^\d+$/);
    expect(Number(a.headers.get("x-rate-limit-reset"))).toBeGreaterThan(Date.now() / 1000);
  });

  test("rateLimitPerMinute: calls count down X-Rate-Limit-Remaining, and the one over the limit is 429 E0000047", async () => {
    const limited = await startOktaEmulator({ rateLimitPerMinute: 3 });
    const url = `${limited.url}/api/v1/apps/${limited.createApp()}/credentials/jwks`;
    const auth = `SSWS ${limited.apiToken}`;
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await call(url, { auth }));
    await limited.close();
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
    expect(answers.map((a) => a.headers.get("x-rate-limit-remaining"))).toEqual(["2", "1", "0", "0"]);
    expect(answers[3]!.headers.get("x-rate-limit-limit")).toBe("3");
    expect(answers[3]!.body).toMatchObject({ errorCode: "E0000047" });
    expect(limited.contractViolations).toEqual([]);
  });

  test("listApplications: pages of `limit` with a Link next (cursor `after`) to follow; each app's keys as the JWKS API lists them", async () => {
    const others = [okta.createApp(), okta.createApp()];
    await add(sig(ecA, "e1"));
    await add(enc(rsaA, "r1", "INACTIVE"));
    const auth = ssws;
    const first = await call(`${okta.url}/api/v1/apps?limit=2`, { auth });
    expect(first.status).toBe(200);
    expect(first.body.map((a: { id: string }) => a.id)).toEqual([appId, others[0]]);
    const link = first.headers.get("link")!;
    expect(link).toContain(`<${okta.url}/api/v1/apps?limit=2>; rel="self"`);
    const next = /<([^>]*)>; rel="next"/.exec(link)![1]!;
    expect(new URL(next).searchParams.get("after")).toBe(others[0]);
    const second = await call(next, { auth });
    expect(second.body.map((a: { id: string }) => a.id)).toEqual([others[1]]);
    expect(second.headers.get("link")).not.toContain('rel="next"');
    // The listed keys are the JWKS API's key objects (OpenIdConnectApplicationSettingsClientKeys); no keys, no jwks.
    expect(first.body[0].settings.oauthClient.jwks).toEqual({ keys: (await call(jwks, { auth })).body });
    expect(first.body[0].credentials.oauthClient.token_endpoint_auth_method).toBe("private_key_jwt");
    expect(first.body[1].settings.oauthClient).not.toHaveProperty("jwks");
    expect((await call(`${okta.url}/api/v1/apps/${appId}`, { auth })).body).toEqual(first.body[0]);
    // Without a limit: every app on one page (the spec's maximum, 200, per page); over the maximum: a contract error.
    expect((await call(`${okta.url}/api/v1/apps`, { auth })).body).toHaveLength(3);
    expect((await call(`${okta.url}/api/v1/apps?limit=201`, { auth })).status).toBe(400);
    expect(drain(okta)).toEqual([expect.stringMatching(/listApplications: request breaks the spec: .*limit/)]);
  });

  test("adds, gets, lists, deactivates and deletes a signing key", async () => {
    const added = await add(sig(rsaA, "k1"));
    expect(added.status).toBe(201);
    const key = added.body;
    expect(key).toMatchObject({ kid: "k1", kty: "RSA", alg: "RS256", use: "sig", e: rsaA.e, n: rsaA.n, status: "ACTIVE" });
    expect(key.id).toMatch(/^pks[A-Za-z0-9]{17}$/);
    expect(key.id).not.toBe("k1");
    expect(new Date(key.created).toISOString()).toBe(key.created);
    expect(key.lastUpdated).toBe(key.created);
    expect(key._links).toEqual({ deactivate: { href: `${jwks}/${key.id}/lifecycle/deactivate`, hints: { allow: ["POST"] } } });

    expect((await call(`${jwks}/${key.id}`, { auth: ssws })).body).toEqual(key);
    await add(sig(ecA, "k2"));
    const list = await call(jwks, { auth: ssws });
    expect(list.body.map((k: { kid: string }) => k.kid)).toEqual(["k1", "k2"]);
    expect(list.body[1]).toMatchObject({ kty: "EC", crv: "P-256", x: ecA.x, y: ecA.y });

    const off = await lifecycle(key.id, "deactivate");
    expect(off.status).toBe(200);
    expect(off.body.status).toBe("INACTIVE");
    expect(off.body._links).toEqual({
      activate: { href: `${jwks}/${key.id}/lifecycle/activate`, hints: { allow: ["POST"] } },
      delete: { href: `${jwks}/${key.id}`, hints: { allow: ["DELETE"] } },
    });
    const del = await call(`${jwks}/${key.id}`, { method: "DELETE", auth: ssws });
    expect(del.status).toBe(204);
    expect(del.body).toBeUndefined();
    expectOktaError(await call(`${jwks}/${key.id}`, { auth: ssws }), 404, "E0000007");
    expect(okta.keys(appId).map((k) => k.kid)).toEqual(["k2"]);
    expect(okta.requests.map((r) => r.operationId)).toEqual([
      "addJwk",
      "getJwk",
      "addJwk",
      "listJwk",
      "deactivateOAuth2ClientJsonWebKey",
      "deletejwk",
      "getJwk",
    ]);
    expect(okta.requests[0]).toMatchObject({ method: "POST", status: 201, headers: { authorization: "SSWS" } });
  });

  test("activates an inactive key and answers 404 for unknown apps and keys", async () => {
    const key = (await add(sig(rsaA, "k1", { status: "INACTIVE" }))).body;
    expect(key.status).toBe("INACTIVE");
    const on = await lifecycle(key.id, "activate");
    expect(on.body).toMatchObject({ id: key.id, status: "ACTIVE" });
    expectOktaError(await lifecycle("pksNope", "activate"), 404, "E0000007");
    expectOktaError(await call(`${okta.url}/api/v1/apps/0oaNope/credentials/jwks`, { auth: ssws }), 404, "E0000007");
    expectOktaError(await add(sig(rsaB, "k2"), "0oaNope"), 404, "E0000007");
  });

  test("only inactive keys can be deleted", async () => {
    const key = (await add(sig(rsaA, "k1"))).body;
    expectOktaError(
      await call(`${jwks}/${key.id}`, { method: "DELETE", auth: ssws }),
      400,
      "E0000001",
      "You can't delete an active JSON Web Key. Deactivate the key before deleting it.",
    );
    expect(okta.keys(appId)).toHaveLength(1);
  });

  test("the last active signing key cannot be deactivated while the app uses private_key_jwt", async () => {
    const k1 = (await add(sig(rsaA, "k1"))).body;
    const k2 = (await add(sig(rsaB, "k2"))).body;
    expect((await lifecycle(k1.id, "deactivate")).status).toBe(200);
    expectOktaError(
      await lifecycle(k2.id, "deactivate"),
      400,
      "E0000001",
      "Can't deactivate the only active JSON Web Key when the value for `token_endpoint_auth_method` is `private_key_jwt`.",
    );
    const other = okta.createApp({ tokenEndpointAuthMethod: "client_secret_basic" });
    const k3 = (await add(sig(rsaC, "k3"), other)).body;
    const off = await call(`${okta.url}/api/v1/apps/${other}/credentials/jwks/${k3.id}/lifecycle/deactivate`, {
      method: "POST",
      auth: ssws,
    });
    expect(off.body.status).toBe("INACTIVE");
  });

  test("console: a deleted app answers 404 E0000007 naming the AppInstance; an unknown path names the PublicApi", async () => {
    await add(sig(rsaA, "k1"));
    okta.consoleDeleteApp(appId);
    const gone = await call(jwks, { auth: ssws });
    expectOktaError(gone, 404, "E0000007");
    expect(gone.body.errorSummary).toBe(`Not found: Resource not found: ${appId} (AppInstance)`);
    expect(() => okta.keys(appId)).toThrow(/no app/);
    const typo = await call(`${okta.url}/oauth2/api/v1/apps/${appId}/credentials/jwks`, { auth: ssws });
    expectOktaError(typo, 404, "E0000007");
    expect(typo.body.errorSummary).toMatch(/\(PublicApi\)$/);
    okta.contractViolations.splice(0); // the unknown path is recorded as a violation, on purpose here
  });

  test("console: changing the app's client authentication lets its last signing key go", async () => {
    const k1 = (await add(sig(rsaA, "k1"))).body;
    expectOktaError(await lifecycle(k1.id, "deactivate"), 400, "E0000001");
    okta.consoleSetTokenEndpointAuthMethod(appId, "client_secret_basic");
    expect((await lifecycle(k1.id, "deactivate")).body.status).toBe("INACTIVE");
  });

  test("one active encryption key: adding a second active one fails, activating one deactivates the other", async () => {
    const e1 = await add(enc(rsaA, "e1"));
    expect(e1.status).toBe(201);
    expect(e1.body._links).toBeUndefined(); // as in the spec's active-encryption-key example
    expectOktaError(await add(enc(rsaB, "e2")), 400, "E0000001", "The client can have only one active encryption key in the 'jwks'.");
    const e2 = await add(enc(rsaB, "e2", "INACTIVE"));
    expect(e2.body.status).toBe("INACTIVE");
    await add(sig(rsaC, "s1"));
    expect((await lifecycle(e2.body.id, "activate")).body.status).toBe("ACTIVE");
    expect(okta.keys(appId).map((k) => [k.kid, k.status])).toEqual([
      ["e1", "INACTIVE"],
      ["e2", "ACTIVE"],
      ["s1", "ACTIVE"],
    ]);
    expectOktaError(await lifecycle(e2.body.id, "deactivate"), 400, "E0000001", "You can't deactivate the active encryption key.");
  });

  test("encryption keys must be RSA (the request schema rejects EC + enc)", async () => {
    const a = await add({ kid: "e1", kty: "EC", use: "enc", crv: "P-256", x: ecA.x, y: ecA.y });
    expectOktaError(a, 400, "E0000001");
    expect(drain(okta)).toEqual([expect.stringMatching(/^addJwk: request breaks the spec: .*allowedValues/)]);
  });

  test("RSA keys need a 2048-bit modulus and key material must parse", async () => {
    expectOktaError(
      await add(sig(rsaSmall, "small")),
      400,
      "E0000001",
      "RSA key length in the 'jwks' is less than '2,048' bits for the given key.",
    );
    const bad = await add({ ...sig(ecA, "bad"), crv: "P-999" });
    expectOktaError(bad, 400, "E0000001");
    expect(bad.body.errorCauses[0].errorSummary).toMatch(/invalid/i);
    expect(okta.keys(appId)).toEqual([]);
  });

  test("a key without kid blocks adding more, duplicate kids are refused", async () => {
    const { kid: _, ...noKid } = sig(rsaA, "x");
    expect((await add(noKid)).status).toBe(201);
    const cause =
      "Each key should have a unique kid when adding multiple keys. Use the Apps API to update the JWKS to add a kid for the existing key, or delete the existing key and re-add the key with a kid using the JWKS APIs.";
    expectOktaError(await add(sig(rsaB, "k2")), 400, "E0000001", cause);
    const other = okta.createApp();
    const url = `${okta.url}/api/v1/apps/${other}/credentials/jwks`;
    await call(url, { method: "POST", auth: ssws, body: sig(rsaA, "k1") });
    expectOktaError(await call(url, { method: "POST", auth: ssws, body: { ...sig(rsaB, "x"), kid: null } }), 400, "E0000001", cause);
    expectOktaError(
      await call(url, { method: "POST", auth: ssws, body: sig(rsaB, "k1") }),
      400,
      "E0000001",
      "All keys in the 'jwks' must have a unique `kid`.",
    );
  });

  test("at most 50 keys", async () => {
    for (let i = 0; i < 50; i++) okta.consoleAddKey(appId, sig(rsaA, `k${i}`), "INACTIVE");
    expectOktaError(
      await add(sig(rsaB, "k50")),
      400,
      "E0000001",
      "You can't create a new key. You have reached the maximum number of keys allowed (50). To add another key, you must first delete an existing one.",
    );
    okta.consoleDeleteKey(appId, "k0");
    expect((await add(sig(rsaB, "k50"))).status).toBe(201);
  });

  test("auth: SSWS token, bearer scopes, 401 and 403 in Okta's shape", async () => {
    expectOktaError(await call(jwks), 401, "E0000011");
    expectOktaError(await call(jwks, { auth: "SSWS wrong" }), 401, "E0000011");
    expectOktaError(await call(jwks, { auth: "Bearer unknown" }), 401, "E0000011");
    const read = `Bearer ${okta.issueBearerToken(["okta.apps.read"])}`;
    expect((await call(jwks, { auth: read })).status).toBe(200);
    expectOktaError(await call(jwks, { method: "POST", auth: read, body: sig(rsaA, "k1") }), 403, "E0000006");
    const manage = `Bearer ${okta.issueBearerToken(["okta.apps.manage"])}`;
    expect((await call(jwks, { method: "POST", auth: manage, body: sig(rsaA, "k1") })).status).toBe(201);
    expectOktaError(await call(jwks, { auth: manage }), 403, "E0000006"); // the spec lists only okta.apps.read for GET
    expect(okta.requests.at(-1)!.headers.authorization).toBe("Bearer");
  });

  test("console: add, set status, delete; keys() is what the API returns", async () => {
    const k = okta.consoleAddKey(appId, { kid: "c1", kty: "RSA", use: "sig", e: rsaA.e, n: rsaA.n, d: "secret" }, "INACTIVE");
    expect(k).not.toHaveProperty("d");
    okta.consoleSetStatus(appId, "c1", "ACTIVE");
    const listed = (await call(jwks, { auth: ssws })).body;
    expect(listed).toEqual(okta.keys(appId));
    expect(listed[0]).toMatchObject({ id: k.id, status: "ACTIVE" });
    okta.consoleDeleteKey(appId, "c1");
    expect(okta.keys(appId)).toEqual([]);
    expect(() => okta.consoleSetStatus(appId, "nope", "ACTIVE")).toThrow(/no key/);
  });

  describe("faults", () => {
    test("429 in Okta's shape with X-Rate-Limit headers, then 503, then normal", async () => {
      okta.injectFaults({ operationId: "listJwk" }, { status: 429 }, { status: 503 });
      const limited = await call(jwks, { auth: ssws });
      expectOktaError(limited, 429, "E0000047");
      expect(limited.headers.get("x-rate-limit-remaining")).toBe("0");
      expect(Number(limited.headers.get("x-rate-limit-reset"))).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
      expect(limited.headers.get("x-rate-limit-limit")).toMatch(/^\d+$/);
      expect((await call(`${jwks}/pksNope`, { auth: ssws })).status).toBe(404); // other operations are not affected
      expect((await call(jwks, { auth: ssws })).status).toBe(503);
      expect((await call(jwks, { auth: ssws })).status).toBe(200);
      expect(okta.requests.map((r) => r.status)).toEqual([429, 404, 503, 200]);
    });

    test("explicit headers and body override the defaults; match by method", async () => {
      okta.injectFaults(
        { method: "POST" },
        { status: 429, headers: { "X-Rate-Limit-Reset": "1700000000", "Retry-After": "3" }, body: { custom: true } },
      );
      expect((await call(jwks, { auth: ssws })).status).toBe(200);
      const a = await add(sig(rsaA, "k1"));
      expect(a.status).toBe(429);
      expect(a.headers.get("x-rate-limit-reset")).toBe("1700000000");
      expect(a.headers.get("retry-after")).toBe("3");
      expect(a.body).toEqual({ custom: true });
      expect(okta.keys(appId)).toEqual([]);
    });

    test("regression: a fault header overrides the default whatever the case of its name", async () => {
      okta.injectFaults({ method: "POST" }, { status: 429, headers: { "x-rate-limit-reset": "1700000001" } });
      const a = await add(sig(rsaA, "k1"));
      expect(a.status).toBe(429);
      expect(a.headers.get("x-rate-limit-reset")).toBe("1700000001");
    });

    test("reset, delay and malformed", async () => {
      okta.injectFaults({ operationId: "listJwk" }, { kind: "reset" }, { kind: "delay", ms: 150 }, { kind: "malformed" });
      await expect(fetch(jwks, { headers: { authorization: ssws } })).rejects.toThrow();
      const t0 = performance.now();
      expect((await call(jwks, { auth: ssws })).status).toBe(200);
      expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
      const res = await fetch(jwks, { headers: { authorization: ssws } });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/json");
      await expect(res.json()).rejects.toThrow(SyntaxError);
    });
  });

  describe("contract", () => {
    test("kty: 123 is answered 400 E0000001 and recorded as a violation", async () => {
      const a = await add({ kid: "k1", kty: 123, use: "sig", e: rsaA.e, n: rsaA.n });
      expectOktaError(a, 400, "E0000001");
      expect(a.body.errorCauses.some((c: { errorSummary: string }) => c.errorSummary.includes("/requestBody/kty must be string"))).toBe(
        true,
      );
      const v = drain(okta);
      expect(v).toHaveLength(1);
      expect(v[0]).toMatch(/^addJwk: request breaks the spec: .*kty must be string/);
      expect(okta.keys(appId)).toEqual([]);
    });

    test("wrong content type, missing body, unknown query parameter, unknown path and method", async () => {
      expectOktaError(
        await call(jwks, { method: "POST", auth: ssws, raw: JSON.stringify(sig(rsaA, "k1")), type: "text/plain" }),
        400,
        "E0000001",
      );
      expectOktaError(await call(jwks, { method: "POST", auth: ssws }), 400, "E0000001");
      expectOktaError(await call(`${jwks}?limit=5`, { auth: ssws }), 400, "E0000001");
      expectOktaError(await call(`${okta.url}/api/v1/apps/${appId}/credentials/secrets`, { auth: ssws }), 404, "E0000007");
      expect((await call(jwks, { method: "PUT", auth: ssws, body: [] })).status).toBe(405);
      const v = drain(okta);
      expect(v).toHaveLength(5);
      expect(v[0]).toMatch(/^addJwk: .*Content-Type "text\/plain"/);
      expect(v[1]).toMatch(/^addJwk: .*requestBody/);
      expect(v[2]).toMatch(/^listJwk: .*additionalProperty.*limit/);
      expect(v[3]).toMatch(/no such path/);
      expect(v[4]).toMatch(/method not allowed/);
    });

    test("an RSA key without `use` matches both request schemas, which the spec's oneOf forbids", async () => {
      const { use: _, ...noUse } = sig(rsaA, "k1");
      expectOktaError(await add(noUse), 400, "E0000001");
      expect(drain(okta)).toEqual([expect.stringMatching(/must match exactly one schema in oneOf/)]);
    });
  });
});

describe("Janssen emulator", () => {
  let jans: JanssenEmulator;
  const READ = "https://jans.io/oauth/config/jwks.readonly";
  const WRITE = "https://jans.io/oauth/config/jwks.write";
  const DELETE = "https://jans.io/oauth/config/jwks.delete";
  const basic = () => `Basic ${Buffer.from(`${jans.clientId}:${jans.clientSecret}`).toString("base64")}`;
  const token = async (...scopes: string[]) => {
    const a = await call(jans.tokenUrl, {
      method: "POST",
      auth: basic(),
      raw: new URLSearchParams({ grant_type: "client_credentials", scope: scopes.join(" ") }).toString(),
      type: "application/x-www-form-urlencoded",
    });
    return `Bearer ${a.body.access_token}`;
  };
  const jwksUrl = () => `${jans.configApiUrl}/api/v1/config/jwks`;
  const key = (kid: string, jwk: JsonWebKey = rsaA) => ({
    kid,
    kty: jwk.kty,
    use: "sig",
    alg: jwk.kty === "EC" ? "ES256" : "RS256",
    exp: Date.now() + 3_600_000,
    ...(jwk.kty === "EC" ? { crv: jwk.crv, x: jwk.x, y: jwk.y } : { n: jwk.n, e: jwk.e }),
  });
  const patchJson = "application/json-patch+json";

  beforeEach(async () => {
    jans = await startJanssenEmulator();
  });
  afterEach(async () => {
    await jans.close();
    expect(jans.contractViolations).toEqual([]);
  });

  test("token endpoint: client_secret_basic and client_secret_post, only known requested scopes", async () => {
    const form = (p: Record<string, string>) => new URLSearchParams(p).toString();
    const a = await call(jans.tokenUrl, {
      method: "POST",
      auth: basic(),
      raw: form({ grant_type: "client_credentials", scope: `${READ} https://jans.io/oauth/config/bogus` }),
      type: "application/x-www-form-urlencoded",
    });
    expect(a.status).toBe(200);
    expect(a.body).toEqual({ access_token: expect.any(String), token_type: "Bearer", expires_in: expect.any(Number), scope: READ });
    expect(a.body.expires_in).toBeGreaterThan(0);
    const b = await call(jans.tokenUrl, {
      method: "POST",
      raw: form({ grant_type: "client_credentials", scope: WRITE, client_id: jans.clientId, client_secret: jans.clientSecret }),
      type: "application/x-www-form-urlencoded",
    });
    expect(b.body.scope).toBe(WRITE);
    expect(jans.tokensIssued).toBe(2);
    expect(jans.requests[1]!.body).toMatchObject({ client_secret: "[redacted]" });
    expect(jans.requests[0]).toMatchObject({ operationId: "jans-auth:token", headers: { authorization: "Basic" } });

    const bad = await call(jans.tokenUrl, {
      method: "POST",
      raw: form({ grant_type: "client_credentials", client_id: jans.clientId, client_secret: "wrong" }),
      type: "application/x-www-form-urlencoded",
    });
    expect(bad.status).toBe(401);
    expect(bad.body.error).toBe("invalid_client");
    const grant = await call(jans.tokenUrl, {
      method: "POST",
      auth: basic(),
      raw: form({ grant_type: "password" }),
      type: "application/x-www-form-urlencoded",
    });
    expect(grant.status).toBe(400);
    expect(grant.body.error).toBe("unsupported_grant_type");
    expect(jans.tokensIssued).toBe(2);
  });

  test("starts with two server-owned keys in Janssen's wire form", async () => {
    const a = await call(jwksUrl(), { auth: await token(READ) });
    expect(a.status).toBe(200);
    const [r, e] = a.body.keys;
    expect(r.kid).toMatch(/^[0-9a-f-]{36}_sig_rs256$/);
    expect(r).toMatchObject({
      kty: "RSA",
      alg: "RS256",
      use: "sig",
      crv: "",
      x: null,
      y: null,
      e: "AQAB",
      name: expect.any(String),
      descr: expect.any(String),
    });
    expect(Buffer.from(r.n, "base64url")).toHaveLength(256);
    expect(e.kid).toMatch(/^[0-9a-f-]{36}_sig_es256$/);
    expect(e).toMatchObject({ kty: "EC", alg: "ES256", crv: "P-256", x: expect.any(String), y: expect.any(String) });
    expect(e).not.toHaveProperty("n");
    for (const k of [r, e]) expect(k.exp).toBeGreaterThan(Date.now() + 3_600_000); // epoch milliseconds
    expect(jans.keys()[0]).not.toHaveProperty("x"); // the quirk is on the wire, not in the store
  });

  test("POST adds (201), a duplicate kid is 406, GET by kid, unknown kid 404", async () => {
    const auth = await token(READ, WRITE);
    const created = await call(`${jwksUrl()}/key`, { method: "POST", auth, body: { ...key("k1"), d: "private" } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kid: "k1", n: rsaA.n, crv: "", x: null, y: null });
    expect(created.body).not.toHaveProperty("d");
    const dup = await call(`${jwksUrl()}/key`, { method: "POST", auth, body: key("k1", rsaB) });
    expect(dup.status).toBe(406);
    expect(dup.body).toEqual({ code: "406", message: "JWK with same kid - 'k1' already exists!" });
    expect((await call(`${jwksUrl()}/k1`, { auth })).body).toEqual(created.body);
    const missing = await call(`${jwksUrl()}/nope`, { auth });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe("404");
    expect(
      jans
        .keys()
        .map((k) => k.kid)
        .slice(2),
    ).toEqual(["k1"]);
  });

  test("PATCH a key (RFC 6902) moves it to the end; failed patches are 400; unknown kid 404", async () => {
    const auth = await token(WRITE);
    const first = jans.keys()[0]!.kid as string;
    const a = await call(`${jwksUrl()}/${first}`, {
      method: "PATCH",
      auth,
      raw: JSON.stringify([
        { op: "replace", path: "/alg", value: "PS256" },
        { op: "test", path: "/crv", value: "" },
      ]),
      type: patchJson,
    });
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ kid: first, alg: "PS256", x: null });
    expect(
      jans
        .keys()
        .map((k) => k.kid)
        .at(-1),
    ).toBe(first);
    expect(jans.keys().at(-1)).not.toHaveProperty("crv");
    const failed = await call(`${jwksUrl()}/${first}`, {
      method: "PATCH",
      auth,
      raw: JSON.stringify([{ op: "test", path: "/alg", value: "RS256" }]),
      type: patchJson,
    });
    expect(failed.status).toBe(400);
    const broken = await call(`${jwksUrl()}/${first}`, {
      method: "PATCH",
      auth,
      raw: JSON.stringify([{ op: "remove", path: "/kid" }]),
      type: patchJson,
    });
    expect(broken.status).toBe(400);
    expect(broken.body.description).toMatch(/kid/);
    expect((await call(`${jwksUrl()}/nope`, { method: "PATCH", auth, raw: "[]", type: patchJson })).status).toBe(404);
    expect(jans.keys().at(-1)!.alg).toBe("PS256");
  });

  test("PATCH and PUT the whole set", async () => {
    const auth = await token(WRITE);
    const patched = await call(jwksUrl(), {
      method: "PATCH",
      auth,
      raw: JSON.stringify([{ op: "add", path: "/keys/-", value: key("k2", ecA) }]),
      type: patchJson,
    });
    expect(patched.status).toBe(200);
    expect(patched.body.keys.map((k: { kid: string }) => k.kid).at(-1)).toBe("k2");
    const put = await call(jwksUrl(), { method: "PUT", auth, body: { keys: [key("only")] } });
    expect(put.status).toBe(200);
    expect(put.body.keys).toEqual([{ ...key("only"), exp: put.body.keys[0].exp, crv: "", x: null, y: null }]);
    expect(jans.keys().map((k) => k.kid)).toEqual(["only"]);
  });

  test("DELETE is 204, then 404", async () => {
    const auth = await token(DELETE, READ);
    const kid = jans.keys()[1]!.kid as string;
    const del = await call(`${jwksUrl()}/${kid}`, { method: "DELETE", auth });
    expect(del.status).toBe(204);
    expect(del.body).toBeUndefined();
    expect((await call(`${jwksUrl()}/${kid}`, { method: "DELETE", auth })).status).toBe(404);
    expect(jans.keys()).toHaveLength(1);
  });

  test("auth: missing or unknown token 401, missing scope 403 (any listed scope suffices)", async () => {
    expect((await call(jwksUrl())).status).toBe(401);
    expect((await call(jwksUrl(), { auth: "Bearer nope" })).status).toBe(401);
    const read = await token(READ);
    expect((await call(jwksUrl(), { auth: read })).status).toBe(200);
    const kid = jans.keys()[0]!.kid as string;
    const denied = await call(`${jwksUrl()}/${kid}`, { method: "DELETE", auth: read });
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe("403");
    expect((await call(`${jwksUrl()}/${kid}`, { method: "DELETE", auth: await token(WRITE) })).status).toBe(403); // DELETE lists jwks.delete, not write
    expect((await call(`${jwksUrl()}/${kid}`, { auth: await token(WRITE) })).status).toBe(200); // GET accepts write too
    expect(
      (await call(`${jwksUrl()}/${kid}`, { method: "DELETE", auth: await token("https://jans.io/oauth/config/write-all") })).status,
    ).toBe(204);
  });

  test("expired tokens are refused", async () => {
    const short = await startJanssenEmulator({ accessTokenLifetimeSeconds: 0 });
    try {
      const a = await call(short.tokenUrl, {
        method: "POST",
        auth: `Basic ${Buffer.from(`${short.clientId}:${short.clientSecret}`).toString("base64")}`,
        raw: `grant_type=client_credentials&scope=${encodeURIComponent(READ)}`,
        type: "application/x-www-form-urlencoded",
      });
      const denied = await call(`${short.configApiUrl}/api/v1/config/jwks`, { auth: `Bearer ${a.body.access_token}` });
      expect(denied.status).toBe(401);
      expect(denied.body.description).toMatch(/expired/);
    } finally {
      await short.close();
    }
    expect(short.contractViolations).toEqual([]);
  });

  test("console: add, replace, remove", () => {
    jans.consoleAddKey(key("c1"));
    jans.consoleReplaceKey("c1", key("c1", rsaB));
    expect(jans.keys().at(-1)).toMatchObject({ kid: "c1", n: rsaB.n });
    jans.consoleRemoveKey("c1");
    expect(jans.keys()).toHaveLength(2);
    expect(() => jans.consoleRemoveKey("c1")).toThrow(/no key/);
  });

  test("console: with the config-api removed its paths answer 404 without a body, any token; the token endpoint stays", async () => {
    const auth = await token(READ);
    jans.consoleRemoveConfigApi();
    for (const [url, auth_] of [
      [jwksUrl(), auth],
      [jwksUrl(), undefined],
      [`${jwksUrl()}/some-kid`, auth],
    ] as const) {
      const a = await call(url, auth_ ? { auth: auth_ } : {});
      expect(a.status).toBe(404);
      expect(a.body).toBeUndefined();
    }
    expect(await token(READ)).toMatch(/^Bearer /);
  });

  describe("faults", () => {
    test("token endpoint and config-api: 503, 429, reset, delay, malformed", async () => {
      jans.injectFaults({ operationId: "jans-auth:token" }, { status: 503 });
      const form = `grant_type=client_credentials&scope=${encodeURIComponent(READ)}`;
      const first = await call(jans.tokenUrl, { method: "POST", auth: basic(), raw: form, type: "application/x-www-form-urlencoded" });
      expect(first.status).toBe(503);
      expect(jans.tokensIssued).toBe(0);
      const auth = await token(READ);
      jans.injectFaults(
        { operationId: "get-config-jwks" },
        { status: 429, headers: { "Retry-After": "2" } },
        { kind: "reset" },
        { kind: "delay", ms: 100 },
        { kind: "malformed" },
      );
      const limited = await call(jwksUrl(), { auth });
      expect(limited.status).toBe(429);
      expect(limited.headers.get("retry-after")).toBe("2");
      await expect(fetch(jwksUrl(), { headers: { authorization: auth } })).rejects.toThrow();
      const t0 = performance.now();
      expect((await call(jwksUrl(), { auth })).status).toBe(200);
      expect(performance.now() - t0).toBeGreaterThanOrEqual(90);
      await expect((await fetch(jwksUrl(), { headers: { authorization: auth } })).json()).rejects.toThrow(SyntaxError);
      expect((await call(jwksUrl(), { auth })).status).toBe(200);
    });
  });

  describe("contract", () => {
    test("POST without kid is 400 and a violation", async () => {
      const { kid: _, ...noKid } = key("x");
      const a = await call(`${jwksUrl()}/key`, { method: "POST", auth: await token(WRITE), body: noKid });
      expect(a.status).toBe(400);
      expect(a.body).toMatchObject({ code: "400", message: "Bad Request" });
      expect(drain(jans)).toEqual([expect.stringMatching(/^post-config-jwks-key: request breaks the spec: .*missingProperty.*kid/)]);
      expect(jans.keys()).toHaveLength(2);
    });

    test("PATCH with Content-Type application/json, or with an invalid op, is 400 and a violation", async () => {
      const auth = await token(WRITE);
      const kid = jans.keys()[0]!.kid as string;
      const ops = JSON.stringify([{ op: "replace", path: "/alg", value: "PS256" }]);
      expect((await call(`${jwksUrl()}/${kid}`, { method: "PATCH", auth, raw: ops, type: "application/json" })).status).toBe(400);
      expect(
        (await call(jwksUrl(), { method: "PATCH", auth, raw: JSON.stringify([{ op: "frobnicate", path: "/keys/0" }]), type: patchJson }))
          .status,
      ).toBe(400);
      expect((await call(jwksUrl(), { method: "PATCH", auth, raw: "[{", type: patchJson })).status).toBe(400);
      const v = drain(jans);
      expect(v).toHaveLength(3);
      expect(v[0]).toMatch(/^patch-config-jwk-kid: .*Content-Type "application\/json" is not one of application\/json-patch\+json/);
      expect(v[1]).toMatch(/^patch-config-jwks: .*op must be equal to one of the allowed values/);
      expect(v[2]).toMatch(/^patch-config-jwks: .*not JSON/);
      expect(jans.keys()[0]!.alg).toBe("RS256");
    });

    test("the x/y null quirk is accepted only on RSA keys", async () => {
      jans.consoleAddKey({ ...key("ec-null", ecA), x: null });
      jans.consoleAddKey({ ...key("rsa-num"), x: 5 });
      expect((await call(jwksUrl(), { auth: await token(READ) })).status).toBe(200);
      const v = drain(jans);
      expect(v).toHaveLength(1);
      expect(v[0]).toMatch(/^get-config-jwks: response 200 breaks the spec: \/keys\/2\/x must be string.*; \/keys\/3\/x must be string/);
    });
  });
});

describe("base server: response validation catches emulator bugs", () => {
  test("a body that breaks the schema and an undocumented status are violations", async () => {
    const { definition, api } = await loadSpec("okta-apps-credentials-jwks.json");
    let answer = { status: 200, body: { keys: [] } as unknown };
    const emu = await startEmulator({
      definition,
      api,
      handlers: { listJwk: () => answer },
      authorize: () => undefined,
      badRequest: () => ({ status: 400, body: {} }),
      noRoute: (status) => ({ status }),
    });
    try {
      await call(`${emu.url}/api/v1/apps/a/credentials/jwks`);
      answer = { status: 418, body: [] };
      await call(`${emu.url}/api/v1/apps/a/credentials/jwks`);
      answer = { status: 200, body: [{ kid: "k", kty: "RSA", use: "enc", n: 1 }] };
      await call(`${emu.url}/api/v1/apps/a/credentials/jwks`);
    } finally {
      await emu.close();
    }
    expect(emu.contractViolations).toEqual([
      expect.stringMatching(/^listJwk: response 200 breaks the spec: \/ must be array/),
      "listJwk: response status 418 is not documented in the spec",
      expect.stringMatching(/^listJwk: response 200 breaks the spec: .*\/0\/n must be string/),
    ]);
  });
});
