/**
 * Contract tests: every call the Janssen and Okta adapters can make, sent over real HTTP to the emulators,
 * which validate each request against the vendor's OpenAPI spec (a break is a recorded violation and a 400).
 * Also: vendor errors, faults and timeouts reach the caller as one clear error naming target, operation and
 * status, and a deliberately broken request is caught.
 */
import { generateKeyPairSync } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { describeKey, generateKey, type PublicJwk } from "../../provider/core/keys/material";
import { publishKeySet, refreshKeySet } from "../../provider/resources/jwkset/logic";
import { HttpClient } from "../../provider/http/send";
import type { JwksHttpError } from "../../provider/errors";
import { janssenTarget } from "../../provider/vendors/janssen/target";
import { oktaTarget } from "../../provider/vendors/okta/target";
import { startJanssenEmulator, type JanssenEmulator } from "../emulators/janssen";
import { startOktaEmulator, type OktaEmulator } from "../emulators/okta";

async function publicKey(alg: string, kid?: string): Promise<PublicJwk> {
  const spec = alg.startsWith("RSA-OAEP") ? "enc" : "sig";
  return (await describeKey(await generateKey({ alg }), { alg, use: spec, kid })).publicJwk;
}

let jans: JanssenEmulator;
let okta: OktaEmulator;
beforeAll(async () => {
  [jans, okta] = await Promise.all([startJanssenEmulator(), startOktaEmulator()]);
});
afterAll(async () => {
  await Promise.all([jans.close(), okta.close()]);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe("janssen adapter against the config-api spec", () => {
  const target = () => {
    vi.stubEnv("JANS_CLIENT_ID", jans.clientId);
    vi.stubEnv("JANS_CLIENT_SECRET", jans.clientSecret);
    return janssenTarget({ kind: "janssen", url: jans.configApiUrl, tokenUrl: jans.tokenUrl, timeoutMs: 2_000 });
  };

  test("list, add, update (PATCH), replaceAll (PUT) and remove are all valid requests", async () => {
    const t = target();
    const [rs, ec] = [await publicKey("RS256"), await publicKey("ES384")];
    const server = await t.list();
    expect(server.length).toBeGreaterThan(0);
    for (const k of server) expect(Object.values(k)).not.toContain(""); // Janssen's "crv": "" is normalised away
    await t.add(rs);
    await t.add(ec);
    await t.update(rs, { ...rs, alg: "RS512" });
    expect((await t.list()).find((k) => k.kid === rs.kid)?.alg).toBe("RS512");
    await t.replaceAll([ec, { ...rs, alg: "RS512" }]);
    expect((await t.list()).map((k) => k.kid).sort()).toEqual([ec.kid, rs.kid].sort());
    await t.remove(ec);
    await t.remove(ec); // already gone: 404 counts as done
    expect((await t.list()).map((k) => k.kid)).toEqual([rs.kid]);
    expect(jans.contractViolations).toEqual([]);
  });

  test("a key about to expire is drift on refresh and renewed by the next publish (one PATCH of exp)", async () => {
    const t = target();
    const config = { kind: "janssen" as const, url: jans.configApiUrl, tokenUrl: jans.tokenUrl };
    const key = await publicKey("ES256");
    const first = await publishKeySet({ target: config, keys: [key] }, [], t);
    expect(first.drift.changed).toEqual([]);
    const stored = jans.keys().find((k) => k.kid === key.kid)!;
    jans.consoleReplaceKey(key.kid, { ...stored, exp: Date.now() + 86_400_000 }); // one day left
    expect((await refreshKeySet(first, target()))!.drift.changed).toEqual([key.kid]);
    const from = jans.requests.length;
    const renewed = await publishKeySet({ target: config, keys: [key] }, first.kids, target());
    const writes = jans.requests.slice(from).filter((r) => r.method !== "GET" && r.operationId !== "jans-auth:token");
    expect(writes.map((r) => `${r.method} ${r.operationId}`)).toEqual(["PATCH patch-config-jwk-kid"]);
    expect(writes[0]!.body).toEqual([{ op: "replace", path: "/exp", value: expect.any(Number) }]);
    expect(jans.keys().find((k) => k.kid === key.kid)!.exp as number).toBeGreaterThan(Date.now() + 300 * 86_400_000);
    expect(renewed.drift.changed).toEqual([]);
    expect(jans.contractViolations).toEqual([]);
  });

  test("a duplicate kid gives one error naming target, operation and 406", async () => {
    const t = target();
    const k = await publicKey("ES256");
    await t.add(k);
    const err = (await t.add(k).catch((e: unknown) => e)) as JwksHttpError;
    expect(err.code).toBe("ERR_JWKS_HTTP");
    expect(err.message).toMatch(new RegExp(`^janssen ${jans.configApiUrl}: add key ${k.kid} failed: HTTP 406`));
    expect(err.message).not.toContain(jans.clientSecret);
  });

  test("a POST cut off without an answer is not repeated: the key is looked up by kid instead", async () => {
    const t = target();
    const stored = await publicKey("ES256");
    const lost = await publicKey("ES256");
    // The first POST reached the server before the connection dropped (the console shows the key) ...
    jans.consoleAddKey({ ...stored, exp: Date.now() + 86_400_000 });
    jans.injectFaults({ operationId: "post-config-jwks-key" }, { kind: "reset" }, { kind: "reset" });
    let from = jans.requests.length;
    await t.add(stored);
    const calls = () => jans.requests.slice(from).map((r) => r.operationId);
    expect(calls().filter((c) => c === "post-config-jwks-key")).toHaveLength(1);
    expect(calls()).toContain("get-jwk-by-kid");
    // ... the second did not: the lookup finds nothing, so the error stands, still after one POST.
    from = jans.requests.length;
    const err = (await t.add(lost).catch((e: unknown) => e)) as JwksHttpError;
    expect(err.message).toMatch(new RegExp(`add key ${lost.kid} failed: no response`));
    expect(err.unclear).toBe(true);
    expect(calls().filter((c) => c === "post-config-jwks-key")).toHaveLength(1);
  });

  test("a deliberately broken request is caught by the contract check", async () => {
    const http = new HttpClient({ target: "broken client", baseUrl: jans.configApiUrl, maxRetries: 0 });
    const before = jans.contractViolations.length;
    const res = await http
      .send({
        operation: "post a key without kid",
        method: "POST",
        path: "api/v1/config/jwks/key",
        body: { kty: "EC" },
        authorization: "Bearer x",
        expect: [400, 401, 403],
      })
      .catch((e: JwksHttpError) => e);
    expect((res as { status: number }).status).toBeGreaterThanOrEqual(400);
    expect(jans.contractViolations.length).toBeGreaterThan(before);
    jans.contractViolations.splice(before); // recorded as expected; keep the list clean for the other tests
  });
});

describe("okta adapter against the Okta spec", () => {
  const target = (appId: string, token = okta.apiToken, timeoutMs = 2_000) => {
    vi.stubEnv("OKTA_API_TOKEN", token);
    return oktaTarget({ kind: "okta", orgUrl: okta.url, appId, timeoutMs });
  };

  test("list, add (signing, encryption, INACTIVE), swap the active encryption key, setStatus, remove", async () => {
    const appId = okta.createApp({ tokenEndpointAuthMethod: "client_secret_basic" });
    const t = target(appId);
    const [rs, ec, enc1, enc2] = [
      await publicKey("RS256"),
      await publicKey("ES256"),
      await publicKey("RSA-OAEP-256"),
      await publicKey("RSA-OAEP"),
    ];
    expect(await t.list()).toEqual([]);
    await t.add(rs);
    await t.add(ec, "INACTIVE");
    await t.add(enc1);
    await t.list();
    await t.add(enc2); // a second ACTIVE encryption key: added INACTIVE, then activated (which retires enc1)
    const status = () => Object.fromEntries(okta.keys(appId).map((k) => [k.kid, k.status]));
    expect(status()).toEqual({ [rs.kid]: "ACTIVE", [ec.kid]: "INACTIVE", [enc1.kid]: "INACTIVE", [enc2.kid]: "ACTIVE" });
    // EC keys come back with their curve (inferred when Okta leaves crv out).
    expect((await t.list()).find((k) => k.kid === ec.kid)?.crv).toBe("P-256");
    await t.setStatus(ec.kid, "ACTIVE");
    await t.remove(rs); // ACTIVE signing key: deactivate, then delete
    await t.remove(enc1); // INACTIVE: delete only
    expect(
      okta
        .keys(appId)
        .map((k) => k.kid)
        .sort(),
    ).toEqual([ec.kid, enc2.kid].sort());
    expect(okta.contractViolations).toEqual([]);
  });

  test("regression: rotating the encryption key works in one run (the swap retires the old key before its removal)", async () => {
    const appId = okta.createApp({ tokenEndpointAuthMethod: "client_secret_basic" });
    const [sig, enc1, enc2] = [await publicKey("RS256"), await publicKey("RSA-OAEP-256"), await publicKey("RSA-OAEP-256")];
    const config = { kind: "okta" as const, orgUrl: okta.url, appId };
    const first = await publishKeySet({ target: config, keys: [sig, enc1] }, [], target(appId));
    const second = await publishKeySet({ target: config, keys: [sig, enc2] }, first.kids, target(appId));
    expect(second.drift).toEqual({ missing: [], changed: [], unexpected: [] });
    expect(
      okta
        .keys(appId)
        .map((k) => `${k.kid}:${k.status}`)
        .sort(),
    ).toEqual([`${sig.kid}:ACTIVE`, `${enc2.kid}:ACTIVE`].sort());
    expect(okta.contractViolations).toEqual([]);
  });

  test("regression: exclusive mode clears a key without kid first (Okta refuses adds while one exists)", async () => {
    const appId = okta.createApp({ tokenEndpointAuthMethod: "client_secret_basic" });
    const { kid: _kid, ...kidless } = await publicKey("ES256");
    okta.consoleAddKey(appId, kidless, "INACTIVE");
    const mine = await publicKey("ES256");
    const out = await publishKeySet(
      { target: { kind: "okta", orgUrl: okta.url, appId }, keys: [mine], mode: "exclusive" },
      [],
      target(appId),
    );
    expect(out.drift).toEqual({ missing: [], changed: [], unexpected: [] });
    expect(okta.keys(appId).map((k) => k.kid)).toEqual([mine.kid]);
    expect(okta.contractViolations).toEqual([]);
  });

  test("Okta's errors reach the caller with status and Okta code: 400, 401, 404, 429", async () => {
    const appId = okta.createApp();
    const weak = generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey.export({ format: "jwk" });
    const e400 = (await target(appId)
      .add({ ...weak, kid: "weak", use: "sig", alg: "RS256" } as PublicJwk)
      .catch((e: unknown) => e)) as JwksHttpError;
    expect(e400.message).toMatch(/add key weak failed: HTTP 400 E0000001/);
    const e401 = (await target(appId, "wrong-token")
      .list()
      .catch((e: unknown) => e)) as JwksHttpError;
    expect(e401.message).toMatch(/list keys failed: HTTP 401 E0000011/);
    expect(e401.message).not.toContain("wrong-token");
    const e404 = (await target("0oaNoSuchApp")
      .list()
      .catch((e: unknown) => e)) as JwksHttpError;
    // A 404 E0000007 naming the app says the app does not exist (vendors/okta/errors.ts); status and code stay on the cause.
    expect(e404.message).toBe(
      `okta ${okta.url} app 0oaNoSuchApp: the target does not exist (HTTP 404 E0000007: Okta has no app 0oaNoSuchApp in this org)`,
    );
    expect(e404.cause).toMatchObject({ status: 404, vendorCode: "E0000007" });
    okta.injectFaults({ operationId: "listJwk" }, ...Array.from({ length: 4 }, () => ({ status: 429, headers: { "Retry-After": "0" } })));
    const e429 = (await target(appId)
      .list()
      .catch((e: unknown) => e)) as JwksHttpError;
    expect(e429.message).toMatch(/list keys failed: HTTP 429 E0000047 .*rate limited/);
    expect(okta.contractViolations.filter((v) => !v.includes("weak"))).toEqual([]);
  });

  test("5xx and resets on reads are retried; malformed JSON and timeouts give a clear error", async () => {
    const appId = okta.createApp();
    okta.injectFaults({ operationId: "listJwk" }, { status: 503 }, { kind: "reset" });
    expect(await target(appId).list()).toEqual([]);
    okta.injectFaults({ operationId: "listJwk" }, { kind: "malformed" });
    expect(
      (
        (await target(appId)
          .list()
          .catch((e: unknown) => e)) as Error
      ).message,
    ).toMatch(/list keys failed: HTTP 200 malformed JSON/);
    okta.injectFaults({ operationId: "listJwk" }, ...Array.from({ length: 4 }, () => ({ kind: "delay" as const, ms: 2_500 })));
    const slow = (await target(appId, okta.apiToken, 1_000)
      .list()
      .catch((e: unknown) => e)) as JwksHttpError;
    expect(slow.message).toMatch(/list keys failed: no response \(.*[Tt]imeout/);
    expect(slow.unclear).toBe(true);
    expect(okta.requests.filter((r) => r.operationId === "listJwk").length).toBeGreaterThanOrEqual(7); // 2 + 1 + 4 attempts
  }, 30_000);
});
