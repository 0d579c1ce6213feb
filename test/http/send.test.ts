/**
 * HttpClient.send against an undici MockAgent: JSON in and out, headers, vendor error bodies, what is retried
 * (idempotent calls on 429/5xx/network errors; a POST only on 429), Retry-After and X-Rate-Limit-Reset,
 * timeouts, malformed JSON, and one token refresh after a 401. No network: every agent refuses to connect.
 */
import type { MockAgent } from "undici";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { bearerToken, clientCredentials } from "../../provider/http/auth";
import { OKTA_RATE_LIMIT_RESET, oktaErrorBody, oktaSsws } from "../../provider/vendors/okta/http";
import { HttpClient, vendorError, type AuthStrategy, type HttpClientOptions } from "../../provider/http/send";
import { retryDelayFromHeaders } from "../../provider/http/retry";
import { JwksHttpError } from "../../provider/errors";
import { JSON_HEADERS, newAgent, rejectionOf, seen, sequence, withHeadersTimeout } from "./mock-http";

const ORIGIN = "https://api.test";
const TARGET = "okta https://api.test app 0oa1";
const TOKEN = "00SECRET-api-token-do-not-log";

let agent: MockAgent;
beforeEach(() => {
  agent = newAgent();
});
afterEach(async () => {
  agent.assertNoPendingInterceptors();
  await agent.close();
});

const pool = () => agent.get(ORIGIN);
const client = (o: Partial<HttpClientOptions> = {}) =>
  new HttpClient({ target: TARGET, baseUrl: ORIGIN, dispatcher: agent, maxRetryDelayMs: 5, ...o });

describe("send: JSON in and out, headers", () => {
  test("POSTs a JSON body and parses the JSON reply; sets User-Agent, Accept and the strategy's Authorization", async () => {
    pool().intercept({ path: "/base/v1/things", method: "POST" }).reply(201, { id: "t1", ok: true }, { headers: JSON_HEADERS });
    const http = client({ baseUrl: `${ORIGIN}/base`, auth: bearerToken(TOKEN) });
    const res = await http.send({
      operation: "create thing",
      method: "POST",
      path: "v1/things",
      body: { name: "n", list: [1, 2] },
      expect: [201],
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: "t1", ok: true });
    const [req, ...more] = seen(agent);
    expect(more).toHaveLength(0);
    expect(req!.url).toBe(`${ORIGIN}/base/v1/things`);
    expect(JSON.parse(req!.body!)).toEqual({ name: "n", list: [1, 2] });
    expect(req!.headers["content-type"]).toBe("application/json");
    expect(req!.headers["user-agent"]).toMatch(/^pulumi-jwk\//);
    expect(req!.headers.accept).toBe("application/json");
    expect(req!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  test("a per-call content type overrides application/json", async () => {
    pool().intercept({ path: "/p", method: "PATCH" }).reply(200, {}, { headers: JSON_HEADERS });
    await client().send({
      operation: "patch",
      method: "PATCH",
      path: "p",
      body: [{ op: "remove", path: "/x" }],
      contentType: "application/json-patch+json",
      expect: [200],
    });
    expect(seen(agent)[0]!.headers["content-type"]).toBe("application/json-patch+json");
  });

  test("Okta SSWS strategy: Authorization is SSWS <token>; no strategy: no Authorization header", async () => {
    pool()
      .intercept({ path: "/a", method: "GET", headers: { authorization: `SSWS ${TOKEN}` } })
      .reply(200, [], { headers: JSON_HEADERS });
    pool().intercept({ path: "/b", method: "GET" }).reply(200, [], { headers: JSON_HEADERS });
    await client({ auth: oktaSsws(TOKEN) }).send({ operation: "a", method: "GET", path: "a", expect: [200] });
    await client().send({ operation: "b", method: "GET", path: "b", expect: [200] });
    const [a, b] = seen(agent);
    expect(a!.headers.authorization).toBe(`SSWS ${TOKEN}`);
    expect(b!.headers.authorization).toBeUndefined();
  });

  test("the strategy is asked for every attempt; a GET without a body sends no content type", async () => {
    let asked = 0;
    const auth: AuthStrategy = { authorization: async () => `Bearer t${++asked}` };
    pool().intercept({ path: "/x", method: "GET" }).reply(503, "");
    pool().intercept({ path: "/x", method: "GET" }).reply(200, { ok: 1 }, { headers: JSON_HEADERS });
    await client({ auth }).send({ operation: "x", method: "GET", path: "x", expect: [200] });
    expect(asked).toBe(2);
    expect(seen(agent).map((r) => r.headers.authorization)).toEqual(["Bearer t1", "Bearer t2"]);
    expect(seen(agent)[0]!.headers["content-type"]).toBeUndefined();
  });

  test("empty body is undefined; a non-JSON body is kept as text", async () => {
    pool().intercept({ path: "/k", method: "DELETE" }).reply(204, "");
    pool()
      .intercept({ path: "/t", method: "GET" })
      .reply(200, "plain words", { headers: { "content-type": "text/plain" } });
    expect((await client().send({ operation: "d", method: "DELETE", path: "k", expect: [204] })).body).toBeUndefined();
    expect((await client().send({ operation: "t", method: "GET", path: "t", expect: [200] })).body).toBe("plain words");
  });

  test("any status in `expect` is success, including a 404 the caller treats as done", async () => {
    pool().intercept({ path: "/gone", method: "DELETE" }).reply(404, { message: "Not Found" }, { headers: JSON_HEADERS });
    const res = await client().send({ operation: "remove", method: "DELETE", path: "gone", expect: [204, 404] });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ message: "Not Found" });
    expect(seen(agent)).toHaveLength(1);
  });

  test("a success status that is not expected is an error (not retried)", async () => {
    pool().intercept({ path: "/x", method: "GET" }).reply(204, "");
    const err = await rejectionOf(client().send({ operation: "read x", method: "GET", path: "x", expect: [200] }));
    expect(err.code).toBe("ERR_JWKS_HTTP");
    expect(err.status).toBe(204);
    // startsWith, not toBe: the message currently ends in a stray space when there is no detail (reported).
    expect(err.message.startsWith(`${TARGET}: read x failed: HTTP 204`)).toBe(true);
    expect(seen(agent)).toHaveLength(1);
  });
});

describe("vendorError", () => {
  test("Okta (vendors/okta oktaErrorBody): errorCode, errorSummary and each errorCauses summary", () => {
    expect(
      oktaErrorBody({
        errorCode: "E0000001",
        errorSummary: "Api validation failed: jwks",
        errorLink: "E0000001",
        errorId: "oae1",
        errorCauses: [{ errorSummary: "kid: must be unique" }, { errorSummary: "n: too short" }],
      }),
    ).toEqual({
      code: "E0000001",
      message: "Api validation failed: jwks: kid: must be unique: n: too short",
    });
  });
  test("OAuth: error and error_description", () => {
    expect(vendorError({ error: "invalid_client", error_description: "Client authentication failed." })).toEqual({
      code: "invalid_client",
      message: "Client authentication failed.",
    });
  });
  test("PingOne: code, message and each details message", () => {
    expect(
      vendorError({
        id: "b1",
        code: "INVALID_DATA",
        message: "The request could not be completed.",
        details: [{ code: "INVALID_VALUE", target: "kid", message: "kid already exists" }],
      }),
    ).toEqual({
      code: "INVALID_DATA",
      message: "The request could not be completed.: kid already exists",
    });
  });
  test("Janssen: message only", () => {
    expect(vendorError({ message: "Jwk with kid 'k1' not found" })).toEqual({ message: "Jwk with kid 'k1' not found" });
  });
  test("nothing usable: not an object, empty strings, non-string members", () => {
    expect(vendorError(undefined)).toEqual({});
    expect(vendorError("<html>")).toEqual({});
    expect(vendorError(null)).toEqual({});
    expect(vendorError({ error: "", message: "", errorCode: 42, errorCauses: [null, { errorSummary: "" }] })).toEqual({});
    expect(oktaErrorBody({ error: "", message: "", errorCode: 42, errorCauses: [null, { errorSummary: "" }] })).toEqual({});
  });
  test("the generic reader leaves a vendor's own members (Okta errorCode) to that vendor's reader", () => {
    expect(vendorError({ errorCode: "E0000001", errorSummary: "x" })).toEqual({});
    expect(oktaErrorBody({ error: "invalid_client", error_description: "d" })).toEqual({ code: "invalid_client", message: "d" });
  });
});

/** One error body per vendor, with what `send` must report from it. */
const VENDOR_BODIES = [
  {
    vendor: "Okta",
    body: { errorCode: "E0000001", errorSummary: "Api validation failed: jwks", errorCauses: [{ errorSummary: "kid: must be unique" }] },
    code: "E0000001",
    text: "Api validation failed: jwks: kid: must be unique",
  },
  {
    vendor: "OAuth",
    body: { error: "invalid_token", error_description: "The access token expired" },
    code: "invalid_token",
    text: "The access token expired",
  },
  {
    vendor: "PingOne",
    body: { code: "ACCESS_FAILED", message: "The request could not be completed.", details: [{ message: "scope missing" }] },
    code: "ACCESS_FAILED",
    text: "The request could not be completed.: scope missing",
  },
  { vendor: "Janssen", body: { message: "Jwk with kid 'k1' not found" }, code: undefined, text: "Jwk with kid 'k1' not found" },
] as const;
const CASES = [400, 401, 403, 404, 406].flatMap((status) => VENDOR_BODIES.map((v) => ({ status, ...v })));

describe("send: 4xx errors", () => {
  test.each(CASES)(
    "$status with a $vendor body: one request, one JwksHttpError naming target, operation, status, vendor code",
    async ({ status, vendor, body, code, text }) => {
      pool().intercept({ path: "/v1/keys", method: "GET" }).reply(status, body, { headers: JSON_HEADERS });
      // Bearer and SSWS have no cached token to invalidate, so a 401 is final.
      const auth = status % 2 === 0 ? bearerToken(TOKEN) : oktaSsws(TOKEN);
      // Okta's body shape is read by the reader its folder hands to its clients.
      const errorBody = vendor === "Okta" ? oktaErrorBody : undefined;
      const err = await rejectionOf(
        client({ auth, errorBody }).send({ operation: "list keys", method: "GET", path: "v1/keys", expect: [200] }),
      );
      expect(seen(agent)).toHaveLength(1);
      expect(err).toBeInstanceOf(JwksHttpError);
      expect(err.code).toBe("ERR_JWKS_HTTP");
      expect(err.name).toBe("JwksHttpError");
      expect(err.status).toBe(status);
      expect(err.vendorCode).toBe(code);
      expect(err.target).toBe(TARGET);
      expect(err.operation).toBe("list keys");
      expect(err.unclear).toBe(false);
      expect(err.message).toBe(`${TARGET}: list keys failed: HTTP ${status}${code ? ` ${code}` : ""} ${text}`);
      expect(err.message).not.toContain(TOKEN);
      // The raw response is there for code, but not enumerable: not in logs or serialised errors.
      expect((err.response as { status: number; body: unknown }).status).toBe(status);
      expect((err.response as { body: unknown }).body).toEqual(body);
      expect(Object.keys(err)).not.toContain("response");
      expect(Object.getOwnPropertyDescriptor(err, "response")?.enumerable).toBe(false);
      const serialised = JSON.stringify(err);
      expect(serialised).not.toContain("response");
      expect(serialised).not.toContain(text);
      expect(serialised).not.toContain(TOKEN);
      expect(JSON.parse(serialised)).toMatchObject({ code: "ERR_JWKS_HTTP", status, target: TARGET, operation: "list keys" });
    },
  );

  test("regression: an error page that is not JSON gives status and content type, never its text (it may echo the request)", async () => {
    pool()
      .intercept({ path: "/x", method: "POST" })
      .reply(400, "<html>Bad Request</html>", { headers: { "content-type": "text/html" } });
    const err = await rejectionOf(client().send({ operation: "add key k1", method: "POST", path: "x", body: {}, expect: [201] }));
    expect(err.message).toBe(`${TARGET}: add key k1 failed: HTTP 400 (text/html body, 24 bytes, not shown)`);
  });
});

describe("send: retries", () => {
  test("GET is retried on 503 and then succeeds", async () => {
    pool().intercept({ path: "/k", method: "GET" }).reply(503, "").times(2);
    pool().intercept({ path: "/k", method: "GET" }).reply(200, { keys: [] }, { headers: JSON_HEADERS });
    const logs: string[] = [];
    const res = await client({ log: (m) => logs.push(m) }).send({ operation: "list keys", method: "GET", path: "k", expect: [200] });
    expect(res.body).toEqual({ keys: [] });
    expect(seen(agent, { method: "GET" })).toHaveLength(3);
    expect(logs).toHaveLength(2);
    expect(logs[0]).toMatch(/^okta https:\/\/api\.test app 0oa1: list keys: HTTP 503; retrying in \d+ ms$/);
  });

  test("PUT and DELETE are retried on 5xx by default", async () => {
    pool().intercept({ path: "/k", method: "PUT" }).reply(502, "");
    pool().intercept({ path: "/k", method: "PUT" }).reply(200, "");
    pool().intercept({ path: "/k", method: "DELETE" }).reply(500, "");
    pool().intercept({ path: "/k", method: "DELETE" }).reply(204, "");
    await client().send({ operation: "put", method: "PUT", path: "k", body: {}, expect: [200] });
    await client().send({ operation: "delete", method: "DELETE", path: "k", expect: [204] });
    expect(sequence(agent)).toEqual([`PUT ${ORIGIN}/k`, `PUT ${ORIGIN}/k`, `DELETE ${ORIGIN}/k`, `DELETE ${ORIGIN}/k`]);
  });

  test("POST is not retried on 503: exactly one request, and the outcome is unclear", async () => {
    pool()
      .intercept({ path: "/keys", method: "POST" })
      .reply(503, { errorCode: "E0000009", errorSummary: "Internal Server Error" }, { headers: JSON_HEADERS });
    const err = await rejectionOf(
      client({ maxRetries: 5, errorBody: oktaErrorBody }).send({
        operation: "add key k1",
        method: "POST",
        path: "keys",
        body: { kid: "k1" },
        expect: [201],
      }),
    );
    expect(seen(agent)).toHaveLength(1);
    expect(err.status).toBe(503);
    expect(err.unclear).toBe(true);
    expect(err.message).toBe(`${TARGET}: add key k1 failed: HTTP 503 E0000009 Internal Server Error`);
  });

  test("a POST marked idempotent is retried on 5xx", async () => {
    pool().intercept({ path: "/lifecycle/activate", method: "POST" }).reply(500, "");
    pool().intercept({ path: "/lifecycle/activate", method: "POST" }).reply(200, {}, { headers: JSON_HEADERS });
    await client().send({ operation: "activate", method: "POST", path: "lifecycle/activate", expect: [200], idempotent: true });
    expect(seen(agent)).toHaveLength(2);
  });

  test("POST is retried on 429 (the server did nothing) and then succeeds", async () => {
    pool()
      .intercept({ path: "/keys", method: "POST" })
      .reply(
        429,
        { errorCode: "E0000047", errorSummary: "API call exceeded rate limit" },
        { headers: { ...JSON_HEADERS, "retry-after": "0" } },
      );
    pool().intercept({ path: "/keys", method: "POST" }).reply(201, { id: "pks1" }, { headers: JSON_HEADERS });
    const res = await client().send({ operation: "add key k1", method: "POST", path: "keys", body: { kid: "k1" }, expect: [201] });
    expect(res.body).toEqual({ id: "pks1" });
    const posts = seen(agent, { method: "POST" });
    expect(posts).toHaveLength(2);
    expect(posts.map((p) => JSON.parse(p.body!))).toEqual([{ kid: "k1" }, { kid: "k1" }]);
  });

  test("429 honours Retry-After: 0 waits 0 ms (the backoff alone would wait at least 125 ms)", async () => {
    pool()
      .intercept({ path: "/k", method: "GET" })
      .reply(429, "", { headers: { "retry-after": "0" } });
    pool().intercept({ path: "/k", method: "GET" }).reply(200, [], { headers: JSON_HEADERS });
    const logs: string[] = [];
    const started = Date.now();
    await client({ maxRetryDelayMs: 30_000, log: (m) => logs.push(m) }).send({
      operation: "list keys",
      method: "GET",
      path: "k",
      expect: [200],
    });
    expect(logs).toEqual([`${TARGET}: list keys: HTTP 429; retrying in 0 ms`]);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(seen(agent)).toHaveLength(2);
  });

  test("429 honours Retry-After seconds, capped by maxRetryDelayMs (300 ms: longer than any first backoff)", async () => {
    pool()
      .intercept({ path: "/k", method: "GET" })
      .reply(429, "", { headers: { "retry-after": "1" } });
    pool().intercept({ path: "/k", method: "GET" }).reply(200, [], { headers: JSON_HEADERS });
    const logs: string[] = [];
    const started = Date.now();
    await client({ maxRetryDelayMs: 300, log: (m) => logs.push(m) }).send({
      operation: "list keys",
      method: "GET",
      path: "k",
      expect: [200],
    });
    expect(logs).toEqual([`${TARGET}: list keys: HTTP 429; retrying in 300 ms`]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(seen(agent)).toHaveLength(2);
  });

  test("429 honours X-Rate-Limit-Reset (Okta: epoch seconds) when there is no Retry-After", async () => {
    const reset = Math.floor(Date.now() / 1000) + 2; // 1 to 2 s from now
    pool()
      .intercept({ path: "/keys", method: "POST" })
      .reply(429, "", { headers: { "x-rate-limit-reset": String(reset), "x-rate-limit-remaining": "0" } });
    pool().intercept({ path: "/keys", method: "POST" }).reply(201, "");
    const logs: string[] = [];
    const started = Date.now();
    await client({ maxRetryDelayMs: 300, log: (m) => logs.push(m), rateLimitResetHeader: OKTA_RATE_LIMIT_RESET }).send({
      operation: "add key k1",
      method: "POST",
      path: "keys",
      body: {},
      expect: [201],
    });
    expect(logs).toEqual([`${TARGET}: add key k1: HTTP 429; retrying in 300 ms`]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(seen(agent)).toHaveLength(2);
  });

  test("gives up after maxRetries; the error carries the last status", async () => {
    pool().intercept({ path: "/k", method: "GET" }).reply(502, "");
    pool().intercept({ path: "/k", method: "GET" }).reply(503, "");
    pool()
      .intercept({ path: "/k", method: "GET" })
      .reply(504, "gateway timeout", { headers: { "content-type": "text/plain" } });
    const err = await rejectionOf(client({ maxRetries: 2 }).send({ operation: "list keys", method: "GET", path: "k", expect: [200] }));
    expect(seen(agent)).toHaveLength(3);
    expect(err.status).toBe(504);
    expect(err.unclear).toBe(true);
    expect(err.message).toBe(`${TARGET}: list keys failed: HTTP 504 (text/plain body, 15 bytes, not shown)`);
  });

  test("a 429 that outlasts the retries says how long the server asked to wait", async () => {
    pool()
      .intercept({ path: "/keys", method: "POST" })
      .reply(
        429,
        { errorCode: "E0000047", errorSummary: "API call exceeded rate limit due to too many requests." },
        { headers: { ...JSON_HEADERS, "retry-after": "0" } },
      )
      .times(2);
    pool()
      .intercept({ path: "/keys", method: "POST" })
      .reply(
        429,
        { errorCode: "E0000047", errorSummary: "API call exceeded rate limit due to too many requests." },
        { headers: { ...JSON_HEADERS, "retry-after": "42" } },
      );
    const err = await rejectionOf(
      client({ maxRetries: 2, errorBody: oktaErrorBody }).send({
        operation: "add key k1",
        method: "POST",
        path: "keys",
        body: {},
        expect: [201],
      }),
    );
    expect(seen(agent)).toHaveLength(3);
    expect(err.status).toBe(429);
    expect(err.vendorCode).toBe("E0000047");
    expect(err.message).toBe(
      `${TARGET}: add key k1 failed: HTTP 429 E0000047 API call exceeded rate limit due to too many requests. (rate limited; the server asks to wait 42 s)`,
    );
  });

  test("maxRetries 0: a 503 on GET is final", async () => {
    pool().intercept({ path: "/k", method: "GET" }).reply(503, "");
    const err = await rejectionOf(client({ maxRetries: 0 }).send({ operation: "list keys", method: "GET", path: "k", expect: [200] }));
    expect(err.status).toBe(503);
    expect(seen(agent)).toHaveLength(1);
  });
});

describe("retryDelayFromHeaders", () => {
  const now = Date.parse("2024-05-01T12:00:00Z");
  const R = OKTA_RATE_LIMIT_RESET;
  test("Retry-After in seconds", () => {
    expect(retryDelayFromHeaders({ "retry-after": "120" }, now)).toBe(120_000);
    expect(retryDelayFromHeaders({ "retry-after": "0" }, now)).toBe(0);
    expect(retryDelayFromHeaders({ "retry-after": ["7", "9"] }, now)).toBe(7_000);
  });
  test("Retry-After as an HTTP date; a past date is 0", () => {
    expect(retryDelayFromHeaders({ "retry-after": "Wed, 01 May 2024 12:00:30 GMT" }, now)).toBe(30_000);
    expect(retryDelayFromHeaders({ "retry-after": "Wed, 01 May 2024 11:00:00 GMT" }, now)).toBe(0);
  });
  test("X-Rate-Limit-Reset in epoch seconds; a past reset is 0", () => {
    expect(retryDelayFromHeaders({ "x-rate-limit-reset": String(now / 1000 + 10) }, now, 429, R)).toBe(10_000);
    expect(retryDelayFromHeaders({ "x-rate-limit-reset": String(now / 1000 - 10) }, now, 429, R)).toBe(0);
  });
  test("Retry-After wins over X-Rate-Limit-Reset; an unreadable Retry-After falls back to the reset", () => {
    expect(retryDelayFromHeaders({ "retry-after": "3", "x-rate-limit-reset": String(now / 1000 + 60) }, now, 429, R)).toBe(3_000);
    expect(retryDelayFromHeaders({ "retry-after": "soon", "x-rate-limit-reset": String(now / 1000 + 60) }, now, 429, R)).toBe(60_000);
  });
  test("X-Rate-Limit-Reset counts only on a 429 (Okta sends it on every response)", () => {
    const headers = { "x-rate-limit-reset": String(now / 1000 + 10) };
    expect(retryDelayFromHeaders(headers, now, 429, R)).toBe(10_000);
    expect(retryDelayFromHeaders(headers, now, 503, R)).toBeUndefined();
    expect(retryDelayFromHeaders({ ...headers, "retry-after": "2" }, now, 503, R)).toBe(2_000);
  });
  test("none, or nothing readable", () => {
    expect(retryDelayFromHeaders({}, now)).toBeUndefined();
    expect(retryDelayFromHeaders({ "retry-after": "soon" }, now)).toBeUndefined();
    expect(retryDelayFromHeaders({ "x-rate-limit-reset": "later" }, now, 429, R)).toBeUndefined();
    // No reset header named: the client honours Retry-After only.
    expect(retryDelayFromHeaders({ "x-rate-limit-reset": String(now / 1000 + 10) }, now)).toBeUndefined();
  });
});

describe("send: no response", () => {
  test("a network error on POST: one request, unclear, no status, names the operation", async () => {
    pool().intercept({ path: "/keys", method: "POST" }).replyWithError(new Error("socket hang up"));
    const err = await rejectionOf(
      client({ maxRetries: 3 }).send({ operation: "add key k1", method: "POST", path: "keys", body: {}, expect: [201] }),
    );
    expect(seen(agent)).toHaveLength(1);
    expect(err.code).toBe("ERR_JWKS_HTTP");
    expect(err.unclear).toBe(true);
    expect(err.status).toBeUndefined();
    expect(err.message).toBe(`${TARGET}: add key k1 failed: no response (socket hang up)`);
    expect((err.cause as Error).message).toBe("socket hang up");
  });

  test("a network error on GET is retried", async () => {
    pool().intercept({ path: "/k", method: "GET" }).replyWithError(new Error("ECONNRESET"));
    pool().intercept({ path: "/k", method: "GET" }).reply(200, [], { headers: JSON_HEADERS });
    const res = await client().send({ operation: "list keys", method: "GET", path: "k", expect: [200] });
    expect(res.body).toEqual([]);
    expect(seen(agent)).toHaveLength(2);
  });

  test("a reply slower than timeoutMs fails with an unclear error naming the operation", async () => {
    pool().intercept({ path: "/keys", method: "POST" }).reply(201, {}, { headers: JSON_HEADERS }).delay(1_000);
    const http = client({ dispatcher: withHeadersTimeout(agent), timeoutMs: 50 });
    const started = Date.now();
    const err = await rejectionOf(http.send({ operation: "add key k1", method: "POST", path: "keys", body: {}, expect: [201] }));
    expect(Date.now() - started).toBeLessThan(800);
    expect(err.code).toBe("ERR_JWKS_HTTP");
    expect(err.unclear).toBe(true);
    expect(err.message).toMatch(/^okta https:\/\/api\.test app 0oa1: add key k1 failed: no response \(.*timeout.*\)$/i);
    expect(seen(agent)).toHaveLength(1);
  });

  test("control: the same slow reply within timeoutMs succeeds", async () => {
    pool().intercept({ path: "/keys", method: "POST" }).reply(201, { id: "pks1" }, { headers: JSON_HEADERS }).delay(30);
    const http = client({ dispatcher: withHeadersTimeout(agent), timeoutMs: 2_000 });
    expect((await http.send({ operation: "add key k1", method: "POST", path: "keys", body: {}, expect: [201] })).body).toEqual({
      id: "pks1",
    });
  });
});

describe("send: malformed JSON", () => {
  test("malformed JSON on a 200 is a clear error (POST: one request)", async () => {
    pool().intercept({ path: "/keys", method: "POST" }).reply(200, '{"keys": [', { headers: JSON_HEADERS });
    const err = await rejectionOf(client().send({ operation: "add key k1", method: "POST", path: "keys", body: {}, expect: [200] }));
    expect(seen(agent)).toHaveLength(1);
    expect(err.code).toBe("ERR_JWKS_HTTP");
    expect(err.status).toBe(200);
    expect(err.message).toBe(
      `${TARGET}: add key k1 failed: HTTP 200 malformed JSON in the response: not valid JSON at line 1, column 11 (offset 10 of 10 characters)`,
    );
    expect((err.cause as { code?: string }).code).toBe("ERR_JWKS_JSON_SYNTAX");
  });

  test("malformed JSON on a GET with maxRetries 0", async () => {
    pool()
      .intercept({ path: "/k", method: "GET" })
      .reply(200, "not json", { headers: { "content-type": "application/json; charset=utf-8" } });
    const err = await rejectionOf(client({ maxRetries: 0 }).send({ operation: "list keys", method: "GET", path: "k", expect: [200] }));
    expect(err.message).toContain("list keys failed: HTTP 200 malformed JSON");
    expect(seen(agent)).toHaveLength(1);
  });

  test("regression: malformed JSON on a GET is not retried (it would fail the same way again)", async () => {
    pool().intercept({ path: "/k", method: "GET" }).reply(200, "{bad", { headers: JSON_HEADERS });
    const err = await rejectionOf(client().send({ operation: "list keys", method: "GET", path: "k", expect: [200] }));
    expect(err.message).toContain("list keys failed: HTTP 200 malformed JSON");
    expect(seen(agent)).toHaveLength(1);
  });

  test("a JSON-labelled error page that does not parse reports the status, not the parse failure", async () => {
    pool().intercept({ path: "/keys", method: "POST" }).reply(400, "<html>oops</html>", { headers: JSON_HEADERS });
    const err = await rejectionOf(client().send({ operation: "add key k1", method: "POST", path: "keys", body: {}, expect: [201] }));
    expect(err.status).toBe(400);
    expect(err.message).toBe(`${TARGET}: add key k1 failed: HTTP 400 (application/json body, 17 bytes, not shown)`);
  });
});

describe("send: 401 with client credentials", () => {
  const AUTH = "https://auth.test";
  const SECRET = "client-secret-never-logged";
  const strategy = () => clientCredentials({ tokenUrl: `${AUTH}/oauth/token`, clientId: "cid", clientSecret: SECRET, scopes: ["s"] });
  const tokenReply = (token: string) =>
    agent
      .get(AUTH)
      .intercept({ path: "/oauth/token", method: "POST" })
      .reply(200, { access_token: token, token_type: "Bearer", expires_in: 3600 }, { headers: JSON_HEADERS });

  test("a 401 drops the cached token, fetches exactly one new one and repeats the call", async () => {
    tokenReply("expired-early");
    tokenReply("fresh");
    pool()
      .intercept({ path: "/keys", method: "POST", headers: { authorization: "Bearer expired-early" } })
      .reply(401, { error: "invalid_token" }, { headers: JSON_HEADERS });
    pool()
      .intercept({ path: "/keys", method: "POST", headers: { authorization: "Bearer fresh" } })
      .reply(201, { ok: true }, { headers: JSON_HEADERS });
    const res = await client({ auth: strategy() }).send({ operation: "add key k1", method: "POST", path: "keys", body: {}, expect: [201] });
    expect(res.body).toEqual({ ok: true });
    expect(sequence(agent)).toEqual([`POST ${AUTH}/oauth/token`, `POST ${ORIGIN}/keys`, `POST ${AUTH}/oauth/token`, `POST ${ORIGIN}/keys`]);
  });

  test("a second 401 is final: one refresh only, and neither token nor secret is in the message", async () => {
    tokenReply("tok-one-XYZ");
    tokenReply("tok-two-XYZ");
    pool()
      .intercept({ path: "/keys", method: "GET" })
      .reply(401, { error: "invalid_token", error_description: "token rejected" }, { headers: JSON_HEADERS })
      .times(2);
    const err = await rejectionOf(
      client({ auth: strategy() }).send({ operation: "list keys", method: "GET", path: "keys", expect: [200] }),
    );
    expect(seen(agent, { url: `${AUTH}/oauth/token` })).toHaveLength(2);
    expect(seen(agent, { url: `${ORIGIN}/keys` })).toHaveLength(2);
    expect(err.status).toBe(401);
    expect(err.message).toBe(`${TARGET}: list keys failed: HTTP 401 invalid_token token rejected`);
    for (const secret of ["tok-one-XYZ", "tok-two-XYZ", SECRET, Buffer.from(`cid:${SECRET}`).toString("base64")]) {
      expect(err.message).not.toContain(secret);
      expect(JSON.stringify(err)).not.toContain(secret);
    }
  });

  test("a token endpoint that refuses the client: the error names the token call and hides the secret", async () => {
    agent
      .get(AUTH)
      .intercept({ path: "/oauth/token", method: "POST" })
      .reply(401, { error: "invalid_client", error_description: "Client authentication failed" }, { headers: JSON_HEADERS });
    const err = await rejectionOf(
      client({ auth: strategy() }).send({ operation: "add key k1", method: "POST", path: "keys", body: {}, expect: [201] }),
    );
    expect(seen(agent)).toHaveLength(1);
    expect(err.message).toBe(`${TARGET}: get an access token failed: HTTP 401 invalid_client Client authentication failed`);
    expect(err.message).not.toContain(SECRET);
  });

  test("regression: a refused token on a GET is asked for once, not once per retry", async () => {
    agent.get(AUTH).intercept({ path: "/oauth/token", method: "POST" }).reply(401, { error: "invalid_client" }, { headers: JSON_HEADERS });
    const err = await rejectionOf(
      client({ auth: strategy() }).send({ operation: "list keys", method: "GET", path: "keys", expect: [200] }),
    );
    expect(seen(agent, { url: `${AUTH}/oauth/token` })).toHaveLength(1);
    expect(err.message).toBe(`${TARGET}: get an access token failed: HTTP 401 invalid_client`);
  });

  test("regression: a token endpoint down (503) is retried by the token call only, not again per outer attempt", async () => {
    agent
      .get(AUTH)
      .intercept({ path: "/oauth/token", method: "POST" })
      .reply(503, { error: "temporarily_unavailable" }, { headers: JSON_HEADERS })
      .times(4);
    const err = await rejectionOf(
      client({ auth: strategy(), maxRetryDelayMs: 1 }).send({ operation: "list keys", method: "GET", path: "keys", expect: [200] }),
    );
    expect(seen(agent, { url: `${AUTH}/oauth/token` })).toHaveLength(4); // 1 + 3 retries, not 4 x 4
    expect(seen(agent, { url: `${ORIGIN}/keys` })).toHaveLength(0);
    expect(err.message).toMatch(/get an access token failed: HTTP 503/);
  });
});
