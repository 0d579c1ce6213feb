/**
 * Okta app JWKS adapter: parsing list bodies (Okta id, status, JWK members, EC curve from the coordinate
 * length), the calls against a MockAgent (SSWS or Bearer, lifecycle before delete, status changes only when
 * needed), and the keys Okta cannot hold.
 */
import type { MockAgent } from "undici";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import type { PublicJwk } from "../../../provider/core/keys/material";
import type { HttpResponse } from "../../../provider/http/send";
import { OKTA_MAX_KEYS, oktaKind, oktaTarget, processOktaKeys } from "../../../provider/vendors/okta/target";
import type { OktaTargetConfig } from "../../../provider/vendors/okta/target";
import { JSON_HEADERS, newAgent, rejectionOf, seen, sequence } from "../../http/mock-http";

const ORIGIN = "https://acme.okta.test";
const CONFIG: OktaTargetConfig = { kind: "okta", orgUrl: ORIGIN, appId: "0oa1abc" };
const BASE = `${ORIGIN}/api/v1/apps/0oa1abc/credentials/jwks`;
const BASE_PATH = "/api/v1/apps/0oa1abc/credentials/jwks";
const TOKEN = "00okta-api-token-do-not-log";

const b64 = (bytes: number, fill = 7) => Buffer.alloc(bytes, fill).toString("base64url");
const RSA: PublicJwk = { kty: "RSA", kid: "rsa-1", use: "sig", alg: "RS256", n: b64(256, 0xc1), e: "AQAB" };
const EC: PublicJwk = { kty: "EC", kid: "ec-1", use: "sig", alg: "ES256", crv: "P-256", x: b64(32, 1), y: b64(32, 2) };

/** What Okta returns for a key: JWK members plus id, status, timestamps and links. */
const oktaKey = (jwk: Record<string, unknown>, id: string, status: string) => ({
  id,
  status,
  created: "2024-05-01T12:00:00.000Z",
  lastUpdated: "2024-05-01T12:00:00.000Z",
  ...jwk,
  _links: { self: { href: `${BASE}/${id}` } },
});
const response = (body: unknown): HttpResponse => ({ status: 200, headers: {}, body });

describe("processOktaKeys", () => {
  test("maps Okta id, status and the JWK members; drops Okta's metadata", () => {
    const keys = processOktaKeys("okta x", response([oktaKey(RSA, "pks1", "ACTIVE"), oktaKey(EC, "pks2", "INACTIVE")]));
    expect(keys).toEqual([
      { id: "pks1", status: "ACTIVE", jwk: RSA },
      { id: "pks2", status: "INACTIVE", jwk: EC },
    ]);
  });

  test("null members are dropped", () => {
    expect(processOktaKeys("okta x", response([oktaKey({ ...RSA, crv: null, x: null, use: null }, "pks1", "ACTIVE")]))[0]!.jwk).toEqual({
      kty: "RSA",
      kid: "rsa-1",
      alg: "RS256",
      n: RSA.n,
      e: "AQAB",
    });
  });

  test.each([
    [32, "P-256"],
    [48, "P-384"],
    [66, "P-521"],
  ])("an EC key without crv and a %i-byte x is %s", (bytes, crv) => {
    const { crv: _crv, ...noCrv } = { ...EC, x: b64(bytes, 1), y: b64(bytes, 2) };
    const [key] = processOktaKeys("okta x", response([oktaKey(noCrv, "pks1", "ACTIVE")]));
    expect(key!.jwk.crv).toBe(crv);
    expect(key!.jwk).toEqual({ ...noCrv, crv });
  });

  test("an unknown coordinate length gives no curve; a declared curve is kept as is", () => {
    const { crv: _crv, ...noCrv } = { ...EC, x: b64(40), y: b64(40) };
    expect(processOktaKeys("okta x", response([oktaKey(noCrv, "pks1", "ACTIVE")]))[0]!.jwk.crv).toBeUndefined();
    expect(processOktaKeys("okta x", response([oktaKey({ ...EC, crv: "P-384" }, "pks1", "ACTIVE")]))[0]!.jwk.crv).toBe("P-384");
  });

  test.each([
    ["an object", { keys: [] }, "the response is not an array of keys"],
    ["a key without id", [{ ...RSA, status: "ACTIVE" }], "key 0 has no Okta id"],
    ["a null entry", [oktaKey(EC, "pks1", "ACTIVE"), null], "key 1 has no Okta id"],
    ["a numeric id", [oktaKey(EC, 7 as unknown as string, "ACTIVE")], "key 0 has no Okta id"],
    ["a bad status", [oktaKey(EC, "pks9", "SUSPENDED")], 'key pks9 has status "SUSPENDED"'],
    ["no status", [{ ...EC, id: "pks9" }], "key pks9 has status undefined"],
  ])("refuses %s", (_, body, reason) => {
    expect(() => processOktaKeys("okta https://acme.okta.test app 0oa1abc", response(body))).toThrow(
      `okta https://acme.okta.test app 0oa1abc: list keys failed: ${reason}`,
    );
  });
});

describe("oktaTarget over HTTP", () => {
  let agent: MockAgent;
  beforeEach(() => {
    agent = newAgent();
    vi.stubEnv("OKTA_API_TOKEN", TOKEN);
  });
  afterEach(async () => {
    agent.assertNoPendingInterceptors();
    await agent.close();
    vi.unstubAllEnvs();
  });

  const okta = () => agent.get(ORIGIN);
  const open = (config: Partial<OktaTargetConfig> = {}) => oktaTarget({ ...CONFIG, ...config }, { dispatcher: agent });
  const listReply = (keys: unknown[]) => okta().intercept({ path: BASE_PATH, method: "GET" }).reply(200, keys, { headers: JSON_HEADERS });
  const LIVE = [oktaKey(RSA, "pks1", "ACTIVE"), oktaKey(EC, "pks2", "INACTIVE")];

  test("list: SSWS header by default; returns the JWKs and remembers each status", async () => {
    okta()
      .intercept({ path: BASE_PATH, method: "GET", headers: { authorization: `SSWS ${TOKEN}` } })
      .reply(200, LIVE, { headers: JSON_HEADERS });
    const target = open();
    expect(target.name).toBe("okta https://acme.okta.test app 0oa1abc");
    expect(target.statusOf("rsa-1")).toBeUndefined();
    expect(await target.list()).toEqual([RSA, EC]);
    expect(target.statusOf("rsa-1")).toBe("ACTIVE");
    expect(target.statusOf("ec-1")).toBe("INACTIVE");
    expect(target.statusOf("nope")).toBeUndefined();
    expect(seen(agent)[0]!.headers.authorization).toBe(`SSWS ${TOKEN}`);
  });

  test('auth: "bearer" sends Bearer; tokenEnv picks the variable', async () => {
    vi.stubEnv("OKTA_OAUTH_TOKEN", "eyJ-oauth-access-token");
    okta().intercept({ path: BASE_PATH, method: "GET" }).reply(200, [], { headers: JSON_HEADERS });
    await open({ auth: "bearer", tokenEnv: "OKTA_OAUTH_TOKEN" }).list();
    expect(seen(agent)[0]!.headers.authorization).toBe("Bearer eyJ-oauth-access-token");
  });

  test("the app id is URL-encoded in the path", async () => {
    okta().intercept({ path: "/api/v1/apps/0oa%2F..%2Fx/credentials/jwks", method: "GET" }).reply(200, [], { headers: JSON_HEADERS });
    await open({ appId: "0oa/../x" }).list();
    expect(sequence(agent)).toEqual([`GET ${ORIGIN}/api/v1/apps/0oa%2F..%2Fx/credentials/jwks`]);
  });

  test("add: POSTs the JWK members plus status (ACTIVE by default, or as asked)", async () => {
    okta()
      .intercept({ path: BASE_PATH, method: "POST" })
      .reply(201, oktaKey(RSA, "pks1", "ACTIVE"), { headers: JSON_HEADERS });
    okta()
      .intercept({ path: BASE_PATH, method: "POST" })
      .reply(201, oktaKey(EC, "pks2", "INACTIVE"), { headers: JSON_HEADERS });
    const target = open();
    await target.add({ ...RSA, key_ops: ["verify"], x5t: "ignored" });
    await target.add(EC, "INACTIVE");
    const posts = seen(agent, { method: "POST", url: BASE });
    expect(posts.map((p) => JSON.parse(p.body!))).toEqual([
      { ...RSA, status: "ACTIVE" },
      { ...EC, status: "INACTIVE" },
    ]);
    expect(posts[0]!.headers["content-type"]).toBe("application/json");
  });

  test("add after an unclear failure: finds the kid in a fresh list instead of POSTing again", async () => {
    okta().intercept({ path: BASE_PATH, method: "POST" }).replyWithError(new Error("socket hang up"));
    listReply([oktaKey(EC, "pks2", "ACTIVE")]);
    await open().add(EC);
    expect(sequence(agent)).toEqual([`POST ${BASE}`, `GET ${BASE}`]);
  });

  test("add refused (E0000001): the error, one POST, no token in the message", async () => {
    okta()
      .intercept({ path: BASE_PATH, method: "POST" })
      .reply(
        400,
        {
          errorCode: "E0000001",
          errorSummary: "Api validation failed: jwks",
          errorCauses: [{ errorSummary: "Each key in the JWKS must have a unique kid." }],
        },
        { headers: JSON_HEADERS },
      );
    const err = await rejectionOf(open().add(EC));
    expect(err.message).toBe(
      "okta https://acme.okta.test app 0oa1abc: add key ec-1 failed: HTTP 400 E0000001 Api validation failed: jwks: Each key in the JWKS must have a unique kid.",
    );
    expect(err.message).not.toContain(TOKEN);
    expect(seen(agent)).toHaveLength(1);
  });

  test("remove of an ACTIVE key: deactivate, then DELETE by Okta id (not kid)", async () => {
    listReply(LIVE);
    okta()
      .intercept({ path: `${BASE_PATH}/pks1/lifecycle/deactivate`, method: "POST" })
      .reply(200, oktaKey(RSA, "pks1", "INACTIVE"), { headers: JSON_HEADERS });
    okta()
      .intercept({ path: `${BASE_PATH}/pks1`, method: "DELETE" })
      .reply(204, "");
    const target = open();
    await target.list();
    await target.remove(RSA);
    expect(sequence(agent)).toEqual([`GET ${BASE}`, `POST ${BASE}/pks1/lifecycle/deactivate`, `DELETE ${BASE}/pks1`]);
    expect(target.statusOf("rsa-1")).toBeUndefined();
  });

  test("remove of an INACTIVE key: DELETE only", async () => {
    listReply(LIVE);
    okta()
      .intercept({ path: `${BASE_PATH}/pks2`, method: "DELETE" })
      .reply(204, "");
    const target = open();
    await target.list();
    await target.remove(EC);
    expect(sequence(agent)).toEqual([`GET ${BASE}`, `DELETE ${BASE}/pks2`]);
  });

  test("remove without a prior list reads the ids first; a 404 on DELETE is done", async () => {
    listReply(LIVE);
    okta()
      .intercept({ path: `${BASE_PATH}/pks2`, method: "DELETE" })
      .reply(404, { errorCode: "E0000007", errorSummary: "Not found" }, { headers: JSON_HEADERS });
    await open().remove(EC);
    expect(sequence(agent)).toEqual([`GET ${BASE}`, `DELETE ${BASE}/pks2`]);
  });

  test("remove of a kid the app does not have is an error naming the kid", async () => {
    listReply(LIVE);
    const err = await rejectionOf(open().remove({ ...EC, kid: "ghost" }));
    expect(err.code).toBe("ERR_JWKS_TARGET");
    expect(err.message).toBe("okta https://acme.okta.test app 0oa1abc: find key ghost failed: no key with this kid on the app");
    expect(seen(agent)).toHaveLength(1);
  });

  test("setStatus calls activate/deactivate only when the status differs", async () => {
    listReply(LIVE);
    okta()
      .intercept({ path: `${BASE_PATH}/pks2/lifecycle/activate`, method: "POST" })
      .reply(200, oktaKey(EC, "pks2", "ACTIVE"), { headers: JSON_HEADERS });
    okta()
      .intercept({ path: `${BASE_PATH}/pks1/lifecycle/deactivate`, method: "POST" })
      .reply(200, oktaKey(RSA, "pks1", "INACTIVE"), { headers: JSON_HEADERS });
    const target = open();
    await target.list();
    await target.setStatus("rsa-1", "ACTIVE"); // already ACTIVE: nothing
    await target.setStatus("ec-1", "INACTIVE"); // already INACTIVE: nothing
    expect(seen(agent)).toHaveLength(1);
    await target.setStatus("ec-1", "ACTIVE");
    expect(target.statusOf("ec-1")).toBe("ACTIVE");
    await target.setStatus("ec-1", "ACTIVE"); // now ACTIVE: nothing
    await target.setStatus("rsa-1", "INACTIVE");
    expect(target.statusOf("rsa-1")).toBe("INACTIVE");
    expect(sequence(agent)).toEqual([`GET ${BASE}`, `POST ${BASE}/pks2/lifecycle/activate`, `POST ${BASE}/pks1/lifecycle/deactivate`]);
    for (const r of seen(agent)) expect(r.headers.authorization).toBe(`SSWS ${TOKEN}`);
  });

  test("an activation is retried on 503 (repeating it changes nothing)", async () => {
    listReply(LIVE);
    okta()
      .intercept({ path: `${BASE_PATH}/pks2/lifecycle/activate`, method: "POST" })
      .reply(503, "", { headers: { "retry-after": "0" } });
    okta()
      .intercept({ path: `${BASE_PATH}/pks2/lifecycle/activate`, method: "POST" })
      .reply(200, {}, { headers: JSON_HEADERS });
    await open().setStatus("ec-1", "ACTIVE");
    expect(seen(agent, { method: "POST" })).toHaveLength(2);
  });
});

describe("oktaKind", () => {
  const OKP: PublicJwk = { kty: "OKP", kid: "ed-1", use: "sig", alg: "EdDSA", crv: "Ed25519", x: b64(32) };

  test("keyFailures refuses OKP keys and EC encryption keys; RSA encryption and EC signing are fine", () => {
    expect(
      oktaKind.keyFailures!([RSA, EC, OKP, { ...EC, use: "enc", alg: "ECDH-ES" }, { ...RSA, use: "enc", alg: "RSA-OAEP" }], "keys", [
        "ec-1",
      ]),
    ).toEqual([
      { property: "keys[2].kty", reason: "Okta accepts RSA and EC keys only, not OKP" },
      { property: "keys[3].kty", reason: "Okta encryption keys must be RSA" },
    ]);
  });

  test("regression: keyFailures refuses two ACTIVE encryption keys (Okta flips them), unless one is inactive", () => {
    const enc = (kid: string) => ({ ...RSA, kid, use: "enc", alg: "RSA-OAEP-256" });
    expect(oktaKind.keyFailures!([RSA, enc("e1"), enc("e2")], "keys", [])).toEqual([
      { property: "keys", reason: "Okta allows one ACTIVE encryption key per app: list the others in inactiveKids" },
    ]);
    expect(oktaKind.keyFailures!([RSA, enc("e1"), enc("e2")], "keys", ["e1"])).toEqual([]);
  });

  test("regression: keyFailures refuses members Okta does not store (they would drift on every refresh)", () => {
    expect(oktaKind.keyFailures!([{ ...RSA, key_ops: ["verify"] }], "keys", [])).toEqual([
      { property: "keys[0].key_ops", reason: 'Okta does not store "key_ops"; leave it out of the published key' },
    ]);
  });

  test(`keyFailures refuses more than ${OKTA_MAX_KEYS} keys`, () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => ({ ...EC, kid: `k${i}` }));
    expect(OKTA_MAX_KEYS).toBe(50);
    expect(oktaKind.keyFailures!(many(50), "keys", [])).toEqual([]);
    expect(oktaKind.keyFailures!(many(51), "keys", [])).toEqual([
      { property: "keys", reason: "Okta holds at most 50 keys per app; 51 declared" },
    ]);
  });

  test("configFailures name each bad property", () => {
    expect(oktaKind.configFailures({ kind: "okta", orgUrl: "acme.okta.com", appId: "", auth: "basic", timeoutMs: 1.5 }, "target")).toEqual([
      { property: "target.orgUrl", reason: "not an absolute http(s) URL" },
      { property: "target.appId", reason: "required, the Okta app (client) id" },
      { property: "target.auth", reason: 'must be "ssws" or "bearer"' },
      { property: "target.timeoutMs", reason: "must be a positive whole number" },
    ]);
    expect(oktaKind.configFailures({ ...CONFIG, auth: "bearer" }, "target")).toEqual([]);
  });

  test("ownersFile: a non-empty path; it gives the target an owners record under the record's own lock, and is no part of its identity", () => {
    expect(oktaKind.configFailures({ ...CONFIG, ownersFile: "" }, "target")).toEqual([
      { property: "target.ownersFile", reason: "must be a non-empty file path" },
    ]);
    expect(oktaKind.configFailures({ ...CONFIG, ownersFile: "shared/app.owners.json" }, "target")).toEqual([]);
    vi.stubEnv("OKTA_API_TOKEN", "t");
    const withRecord = oktaTarget({ ...CONFIG, ownersFile: "/mnt/shared/app.owners.json" });
    expect(withRecord.owners?.location).toBe("/mnt/shared/app.owners.json");
    expect(typeof withRecord.withLock).toBe("function");
    expect(oktaTarget(CONFIG).owners).toBeUndefined();
    expect(oktaKind.identity({ ...CONFIG, ownersFile: "x" })).toEqual(oktaKind.identity(CONFIG));
    vi.unstubAllEnvs();
  });

  test("identity: org URL without trailing slash, and the app id; lifecycle on", () => {
    expect(oktaKind.identity({ ...CONFIG, orgUrl: `${ORIGIN}/`, tokenEnv: "X" })).toEqual({ orgUrl: ORIGIN, appId: "0oa1abc" });
    expect(oktaKind.lifecycle).toBe(true);
  });
});
