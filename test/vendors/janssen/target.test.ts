/**
 * Janssen config-api adapter: the pure parts (normalising Janssen's key bodies, JSON Patch between two keys)
 * and the HTTP calls against a MockAgent (token first, then /api/v1/config/jwks...).
 */
import { applyPatch, deepClone, type Operation } from "fast-json-patch";
import type { MockAgent } from "undici";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import type { PublicJwk } from "../../../provider/core/keys/material";
import type { HttpResponse } from "../../../provider/http/send";
import { janssenKind, janssenTarget, jsonPatchFor, processJanssenKeys } from "../../../provider/vendors/janssen/target";
import type { JanssenTargetConfig } from "../../../provider/vendors/janssen/target";
import { JSON_HEADERS, newAgent, rejectionOf, seen, sequence } from "../../http/mock-http";

const ORIGIN = "https://jans.test";
const CONFIG: JanssenTargetConfig = { kind: "janssen", url: `${ORIGIN}/jans-config-api`, tokenUrl: `${ORIGIN}/jans-auth/restv1/token` };
const JWKS = `${ORIGIN}/jans-config-api/api/v1/config/jwks`;
const SECRET = "jans-secret-do-not-log";
const ACCESS_TOKEN = "jans-access-token-1";
const DAY = 86_400_000;

const N =
  "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
const RSA: PublicJwk = { kty: "RSA", kid: "rsa-1", use: "sig", alg: "RS256", n: N, e: "AQAB" };
const EC: PublicJwk = {
  kty: "EC",
  kid: "ec-1",
  use: "sig",
  alg: "ES256",
  crv: "P-256",
  x: "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
  y: "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
};

const response = (body: unknown): HttpResponse => ({ status: 200, headers: {}, body });

describe("processJanssenKeys", () => {
  test("strips empty and null members and Janssen's metadata (exp, name, descr, key_ops_type)", () => {
    const body = {
      keys: [
        {
          ...RSA,
          crv: "",
          x: null,
          y: null,
          x5c: ["MIIC"],
          exp: 1767225600000,
          name: "id_token RS256 Sign Key",
          descr: "Signature Key: RSA RSASSA-PKCS1-v1_5 using SHA-256",
          key_ops_type: ["ALL"],
        },
        { ...EC, n: null, e: null, exp: 1767225600000, name: "", descr: null },
      ],
    };
    expect(processJanssenKeys("janssen x", response(body))).toEqual([{ ...RSA, x5c: ["MIIC"] }, EC]);
    // Exactly these members, nothing with an empty value left behind.
    expect(Object.keys(processJanssenKeys("janssen x", response(body))[0]!).sort()).toEqual(["alg", "e", "kid", "kty", "n", "use", "x5c"]);
  });

  test("an empty set is an empty list", () => {
    expect(processJanssenKeys("janssen x", response({ keys: [] }))).toEqual([]);
  });

  test.each([
    ["undefined", undefined],
    ["a string", "<html>login</html>"],
    ["an array", [RSA]],
    ["an object without keys", { jwks: [] }],
    ["keys not an array", { keys: {} }],
  ])("refuses a body that is %s", (_, body) => {
    let err: { code?: string; message?: string } | undefined;
    try {
      processJanssenKeys("janssen https://jans.test/jans-config-api", response(body));
    } catch (e) {
      err = e as typeof err;
    }
    expect(err?.code).toBe("ERR_JWKS_TARGET");
    expect(err?.message).toBe(
      'janssen https://jans.test/jans-config-api: list keys failed: the response is not a JWK Set (expected an object with a "keys" array)',
    );
  });

  test("refuses an entry that is not an object, naming its index", () => {
    expect(() => processJanssenKeys("janssen x", response({ keys: [RSA, "k"] }))).toThrow(
      "janssen x: list keys failed: keys[1] is not an object",
    );
    expect(() => processJanssenKeys("janssen x", response({ keys: [null] }))).toThrow("keys[0] is not an object");
  });
});

describe("jsonPatchFor", () => {
  test("add, replace and remove, member by member; kid is never patched", () => {
    const from = { kid: "k1", kty: "RSA", use: "sig", alg: "RS256", n: N, e: "AQAB", x5t: "old" };
    const to = { kid: "k1", kty: "RSA", use: "enc", alg: "RSA-OAEP", n: N, e: "AQAB", key_ops: ["encrypt"] };
    expect(jsonPatchFor(from, to)).toEqual([
      { op: "replace", path: "/use", value: "enc" },
      { op: "replace", path: "/alg", value: "RSA-OAEP" },
      { op: "add", path: "/key_ops", value: ["encrypt"] },
      { op: "remove", path: "/x5t" },
    ]);
  });

  test("applied with a JSON Patch implementation, the operations turn from into to", () => {
    const from = { kid: "k1", kty: "EC", crv: "P-256", x: "a", y: "b", "a/b": 1, "c~d": 2, key_ops: ["verify"] };
    const to = { kid: "k1", kty: "EC", crv: "P-256", x: "a2", y: "b", "c~d": 3, "e/~f": true, key_ops: ["verify", "sign"] };
    const ops = jsonPatchFor(from, to);
    expect(applyPatch(deepClone(from), ops as Operation[]).newDocument).toEqual(to);
  });

  test("JSON Pointer escaping: ~ becomes ~0 and / becomes ~1 (in that order)", () => {
    expect(jsonPatchFor({ kid: "k" }, { kid: "k", "a/b": 1, "c~d": 2, "~1": 3 })).toEqual([
      { op: "add", path: "/a~1b", value: 1 },
      { op: "add", path: "/c~0d", value: 2 },
      { op: "add", path: "/~01", value: 3 },
    ]);
    expect(jsonPatchFor({ kid: "k", "x/y~": 1 }, { kid: "k" })).toEqual([{ op: "remove", path: "/x~1y~0" }]);
  });

  test("a different kid, equal members, and Janssen's own members in `from` give no operations", () => {
    expect(jsonPatchFor({ ...RSA, kid: "old" }, { ...RSA, kid: "new" })).toEqual([]);
    expect(jsonPatchFor({ ...RSA, exp: 1, name: "n", descr: "d", key_ops_type: ["ALL"] }, RSA)).toEqual([]);
  });
});

describe("janssenTarget over HTTP", () => {
  let agent: MockAgent;
  beforeEach(() => {
    agent = newAgent();
    vi.stubEnv("JANS_CLIENT_ID", "config-api-client");
    vi.stubEnv("JANS_CLIENT_SECRET", SECRET);
  });
  afterEach(async () => {
    agent.assertNoPendingInterceptors();
    await agent.close();
    vi.unstubAllEnvs();
  });

  const jans = () => agent.get(ORIGIN);
  const token = () =>
    jans()
      .intercept({ path: "/jans-auth/restv1/token", method: "POST" })
      .reply(200, { access_token: ACCESS_TOKEN, token_type: "Bearer", expires_in: 299 }, { headers: JSON_HEADERS });
  const open = (config: Partial<JanssenTargetConfig> = {}) => janssenTarget({ ...CONFIG, ...config }, { dispatcher: agent });
  const bodyOf = (method: string, url: string) => {
    const found = seen(agent, { method, url });
    expect(found).toHaveLength(1);
    return JSON.parse(found[0]!.body!) as unknown;
  };

  test("list: fetches a token with the jwks scopes, then GETs the set with it, normalised", async () => {
    token();
    jans()
      .intercept({ path: "/jans-config-api/api/v1/config/jwks", method: "GET", headers: { authorization: `Bearer ${ACCESS_TOKEN}` } })
      .reply(200, { keys: [{ ...RSA, crv: "", x: null, y: null, exp: 1767225600000, name: "n" }] }, { headers: JSON_HEADERS })
      .times(2);
    const target = open();
    expect(target.name).toBe("janssen https://jans.test/jans-config-api");
    expect(await target.list()).toEqual([RSA]);
    expect(await target.list()).toEqual([RSA]);
    expect(sequence(agent)).toEqual([`POST ${CONFIG.tokenUrl}`, `GET ${JWKS}`, `GET ${JWKS}`]);
    const tokenRequest = seen(agent)[0]!;
    expect(new URLSearchParams(tokenRequest.body!).get("scope")!.split(" ")).toEqual([
      "https://jans.io/oauth/config/jwks.readonly",
      "https://jans.io/oauth/config/jwks.write",
      "https://jans.io/oauth/config/jwks.delete",
    ]);
    expect(Buffer.from(tokenRequest.headers.authorization!.replace(/^Basic /, ""), "base64").toString()).toBe(
      `config-api-client:${SECRET}`,
    );
  });

  test("list: a body that is not a JWK Set is refused", async () => {
    token();
    jans().intercept({ path: "/jans-config-api/api/v1/config/jwks", method: "GET" }).reply(200, [RSA], { headers: JSON_HEADERS });
    const err = await rejectionOf(open().list());
    expect(err.code).toBe("ERR_JWKS_TARGET");
    expect(err.message).toContain("not a JWK Set");
  });

  test("add: POSTs the key with exp in epoch milliseconds, keyLifetimeDays from now", async () => {
    token();
    jans()
      .intercept({ path: "/jans-config-api/api/v1/config/jwks/key", method: "POST" })
      .reply(201, { ...EC, exp: 1 }, { headers: JSON_HEADERS });
    const before = Date.now();
    await open({ keyLifetimeDays: 30 }).add(EC);
    const after = Date.now();
    const body = bodyOf("POST", `${JWKS}/key`) as Record<string, unknown>;
    const { exp, ...key } = body;
    expect(key).toEqual(EC);
    expect(typeof exp).toBe("number");
    expect(exp).toBeGreaterThanOrEqual(before + 30 * DAY);
    expect(exp).toBeLessThanOrEqual(after + 30 * DAY);
    expect(seen(agent, { url: `${JWKS}/key` })[0]!.headers["content-type"]).toBe("application/json");
  });

  test("add: exp defaults to 365 days", async () => {
    token();
    jans().intercept({ path: "/jans-config-api/api/v1/config/jwks/key", method: "POST" }).reply(201, {}, { headers: JSON_HEADERS });
    const before = Date.now();
    await open().add(RSA);
    const { exp } = bodyOf("POST", `${JWKS}/key`) as { exp: number };
    expect(exp - before).toBeGreaterThanOrEqual(365 * DAY);
    expect(exp - before).toBeLessThan(365 * DAY + 5_000);
  });

  test("add after an unclear failure: looks the key up by kid and does not repeat the POST", async () => {
    token();
    jans().intercept({ path: "/jans-config-api/api/v1/config/jwks/key", method: "POST" }).replyWithError(new Error("socket hang up"));
    jans()
      .intercept({ path: "/jans-config-api/api/v1/config/jwks/ec-1", method: "GET" })
      .reply(200, { ...EC, exp: 1767225600000, name: "" }, { headers: JSON_HEADERS });
    await open().add(EC);
    expect(sequence(agent)).toEqual([`POST ${CONFIG.tokenUrl}`, `POST ${JWKS}/key`, `GET ${JWKS}/ec-1`]);
  });

  test("add after an unclear failure, key not there: the original error, still one POST", async () => {
    token();
    jans()
      .intercept({ path: "/jans-config-api/api/v1/config/jwks/key", method: "POST" })
      .reply(503, { message: "Service Unavailable" }, { headers: JSON_HEADERS });
    jans()
      .intercept({ path: "/jans-config-api/api/v1/config/jwks/ec-1", method: "GET" })
      .reply(404, { message: "Not Found" }, { headers: JSON_HEADERS });
    const err = await rejectionOf(open().add(EC));
    expect(err.code).toBe("ERR_JWKS_HTTP");
    expect(err.unclear).toBe(true);
    expect(err.message).toBe("janssen https://jans.test/jans-config-api: add key ec-1 failed: HTTP 503 Service Unavailable");
    expect(seen(agent, { method: "POST", url: `${JWKS}/key` })).toHaveLength(1);
    expect(seen(agent, { method: "GET", url: `${JWKS}/ec-1` })).toHaveLength(1);
  });

  test("add refused with a clear 4xx: no lookup, and the secret is not in the message", async () => {
    token();
    jans()
      .intercept({ path: "/jans-config-api/api/v1/config/jwks/key", method: "POST" })
      .reply(406, { code: "406", message: "Key with same kid 'ec-1' already exists!" }, { headers: JSON_HEADERS });
    const err = await rejectionOf(open().add(EC));
    expect(err.status).toBe(406);
    expect(err.message).toContain("already exists");
    expect(err.message).not.toContain(SECRET);
    expect(err.message).not.toContain(ACCESS_TOKEN);
    expect(sequence(agent)).toEqual([`POST ${CONFIG.tokenUrl}`, `POST ${JWKS}/key`]);
  });

  test("update: PATCH /jwks/{kid} with a JSON Patch body and content type", async () => {
    token();
    jans().intercept({ path: "/jans-config-api/api/v1/config/jwks/rsa-1", method: "PATCH" }).reply(200, {}, { headers: JSON_HEADERS });
    await open().update({ ...RSA, use: "enc" }, RSA);
    const [patch] = seen(agent, { method: "PATCH" });
    expect(patch!.url).toBe(`${JWKS}/rsa-1`);
    expect(patch!.headers["content-type"]).toBe("application/json-patch+json");
    expect(patch!.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(JSON.parse(patch!.body!)).toEqual([{ op: "replace", path: "/use", value: "sig" }]);
  });

  test("update with nothing to change sends nothing", async () => {
    await open().update({ ...RSA, exp: 5 }, RSA);
    expect(seen(agent)).toHaveLength(0);
  });

  test("remove: DELETE /jwks/{kid} (kid URL-encoded); 204 and 404 are both done", async () => {
    token();
    jans().intercept({ path: "/jans-config-api/api/v1/config/jwks/rsa-1", method: "DELETE" }).reply(204, "");
    jans()
      .intercept({ path: "/jans-config-api/api/v1/config/jwks/a%2Fb%20c", method: "DELETE" })
      .reply(404, { message: "Not Found" }, { headers: JSON_HEADERS });
    const target = open();
    await target.remove(RSA);
    await target.remove({ ...RSA, kid: "a/b c" });
    expect(sequence(agent)).toEqual([`POST ${CONFIG.tokenUrl}`, `DELETE ${JWKS}/rsa-1`, `DELETE ${JWKS}/a%2Fb%20c`]);
  });

  test("remove: a 403 is an error", async () => {
    token();
    jans()
      .intercept({ path: "/jans-config-api/api/v1/config/jwks/rsa-1", method: "DELETE" })
      .reply(403, { message: "Forbidden" }, { headers: JSON_HEADERS });
    const err = await rejectionOf(open().remove(RSA));
    expect(err.message).toBe("janssen https://jans.test/jans-config-api: remove key rsa-1 failed: HTTP 403 Forbidden");
    expect(seen(agent, { method: "DELETE" })).toHaveLength(1);
  });

  test("replaceAll: PUT /jwks with {keys}, each key with exp", async () => {
    token();
    jans().intercept({ path: "/jans-config-api/api/v1/config/jwks", method: "PUT" }).reply(200, { keys: [] }, { headers: JSON_HEADERS });
    const before = Date.now();
    await open({ keyLifetimeDays: 7 }).replaceAll([RSA, EC]);
    const body = bodyOf("PUT", JWKS) as { keys: Record<string, unknown>[] };
    expect(Object.keys(body)).toEqual(["keys"]);
    expect(body.keys.map(({ exp: _exp, ...k }) => k)).toEqual([RSA, EC]);
    for (const k of body.keys) expect((k.exp as number) - before).toBeGreaterThanOrEqual(7 * DAY);
    for (const k of body.keys) expect((k.exp as number) - before).toBeLessThan(7 * DAY + 5_000);
  });
});

describe("janssenKind", () => {
  test("configFailures name each bad property", () => {
    expect(
      janssenKind.configFailures(
        { kind: "janssen", url: "jans.test", tokenUrl: "ftp://jans.test/token", keyLifetimeDays: 0, clientId: "" },
        "target",
      ),
    ).toEqual([
      { property: "target.url", reason: "not an absolute http(s) URL" },
      { property: "target.tokenUrl", reason: "not an absolute http(s) URL" },
      { property: "target.clientId", reason: "must be a non-empty string" },
      { property: "target.keyLifetimeDays", reason: "must be a positive whole number" },
    ]);
    expect(janssenKind.configFailures({ ...CONFIG }, "target")).toEqual([]);
  });

  test("regression: keyFailures refuses members Janssen does not store (they would drift on every refresh)", () => {
    expect(
      janssenKind.keyFailures!(
        [
          { ...EC, key_ops: ["verify"] },
          { ...RSA, x5t: "abc" },
        ],
        "keys",
        [],
      ),
    ).toEqual([
      { property: "keys[0].key_ops", reason: 'Janssen does not store "key_ops"; leave it out of the published key' },
      { property: "keys[1].x5t", reason: 'Janssen does not store "x5t"; leave it out of the published key' },
    ]);
  });

  test("keyFailures: Janssen needs use and alg on every key", () => {
    const { use: _use, ...noUse } = EC;
    const { alg: _alg, ...noAlg } = RSA;
    expect(janssenKind.keyFailures!([EC, noUse as PublicJwk, noAlg as PublicJwk], "keys", [])).toEqual([
      { property: "keys[1]", reason: "Janssen requires use and alg on every key" },
      { property: "keys[2]", reason: "Janssen requires use and alg on every key" },
    ]);
  });

  test("identity ignores a trailing slash", () => {
    expect(janssenKind.identity({ ...CONFIG, url: `${CONFIG.url}/` })).toBe(janssenKind.identity(CONFIG));
  });
});
