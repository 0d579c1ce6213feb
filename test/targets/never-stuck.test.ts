/**
 * The adapters' part of "never stuck", against a MockAgent: a 404 on the key list says the target is gone only
 * when the server says so (Okta E0000007 naming the app; Janssen's set URL), never for a path Okta has no API at
 * or an answer that is not Okta's; a refused deactivation carries what would let Okta accept it. Then the same
 * against the emulators: a private_key_jwt app's refusal during withdrawal, a deleted app, a removed config-api.
 */
import type { MockAgent } from "undici";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { describeKey, generateKey } from "../../provider/core/keys/material";
import { janssenTarget } from "../../provider/vendors/janssen/target";
import { oktaTarget } from "../../provider/vendors/okta/target";
import { withdrawOwnedKeys } from "../../provider/targets/withdraw";
import { startJanssenEmulator } from "../emulators/janssen";
import { startOktaEmulator } from "../emulators/okta";
import { JSON_HEADERS, newAgent, rejectionOf, sequence } from "../http/mock-http";

const OKTA = "https://acme.okta.test";
const APP = "0oa1abc";
const BASE_PATH = `/api/v1/apps/${APP}/credentials/jwks`;
const OKTA_TOKEN = "00okta-api-token-do-not-log";
const JANS = "https://jans.test";
const JANS_SECRET = "jans-secret-do-not-log";

/** Okta's error body (an errorId nobody should see in our messages). */
const oktaError = (errorCode: string, errorSummary: string, causes: string[] = []) => ({
  errorCode,
  errorSummary,
  errorLink: errorCode,
  errorId: "oaeSECRETISHerrorId",
  errorCauses: causes.map((c) => ({ errorSummary: c })),
});

let agent: MockAgent;
beforeEach(() => {
  agent = newAgent();
  vi.stubEnv("OKTA_API_TOKEN", OKTA_TOKEN);
  vi.stubEnv("JANS_CLIENT_ID", "config-api-client");
  vi.stubEnv("JANS_CLIENT_SECRET", JANS_SECRET);
});
afterEach(async () => {
  agent.assertNoPendingInterceptors();
  await agent.close();
  vi.unstubAllEnvs();
});

describe("okta: is the app gone?", () => {
  const okta = (orgUrl = OKTA) => oktaTarget({ kind: "okta", orgUrl, appId: APP }, { dispatcher: agent });

  test("404 E0000007 naming the app (AppInstance): the target is gone, said without the body", async () => {
    agent
      .get(OKTA)
      .intercept({ path: BASE_PATH, method: "GET" })
      .reply(404, oktaError("E0000007", `Not found: Resource not found: ${APP} (AppInstance)`), { headers: JSON_HEADERS });
    const err = await rejectionOf(okta().list());
    expect(err.code).toBe("ERR_JWKS_TARGET_GONE");
    expect(err.message).toBe(`okta ${OKTA} app ${APP}: the target does not exist (HTTP 404 E0000007: Okta has no app ${APP} in this org)`);
    expect(err.message).not.toContain("oaeSECRETISH");
    expect(err.message).not.toContain(OKTA_TOKEN);
    expect(sequence(agent)).toEqual([`GET ${OKTA}${BASE_PATH}`]); // a 404 is not retried
  });

  test("404 E0000007 naming the API path (PublicApi, e.g. an orgUrl with a path): not gone, check orgUrl", async () => {
    agent
      .get(OKTA)
      .intercept({ path: `/oauth2${BASE_PATH}`, method: "GET" })
      .reply(404, oktaError("E0000007", `Not found: Resource not found: /oauth2${BASE_PATH} (PublicApi)`), { headers: JSON_HEADERS });
    const err = await rejectionOf(okta(`${OKTA}/oauth2/`).list());
    expect(err.code).toBe("ERR_JWKS_TARGET");
    expect(err.message).toBe(
      `okta ${OKTA}/oauth2/ app ${APP}: list keys failed: HTTP 404 E0000007: Okta has no API at this path; check target.orgUrl (the org's base URL, e.g. https://acme.okta.com, without a path)`,
    );
  });

  test("404 without Okta's error code (a proxy, another host): not gone, check orgUrl", async () => {
    agent
      .get(OKTA)
      .intercept({ path: BASE_PATH, method: "GET" })
      .reply(404, "<html>Not Found</html>", { headers: { "content-type": "text/html" } });
    const err = await rejectionOf(okta().list());
    expect(err.code).toBe("ERR_JWKS_TARGET");
    expect(err.message).toContain("HTTP 404: the answer is not Okta's (no Okta error code); check target.orgUrl");
    expect(err.message).not.toContain("<html>");
  });

  test("another 404 code, or E0000007 on another status, is not gone either", async () => {
    agent
      .get(OKTA)
      .intercept({ path: BASE_PATH, method: "GET" })
      .reply(404, oktaError("E0000008", `Not found: Resource not found: ${APP} (AppInstance)`), { headers: JSON_HEADERS });
    expect((await rejectionOf(okta().list())).code).toBe("ERR_JWKS_TARGET");
    agent
      .get(OKTA)
      .intercept({ path: BASE_PATH, method: "GET" })
      .reply(403, oktaError("E0000006", "You do not have permission to perform the requested action"), { headers: JSON_HEADERS });
    expect((await rejectionOf(okta().list())).code).toBe("ERR_JWKS_HTTP");
  });
});

describe("okta: a refused deactivation says what to change", () => {
  const key = (kid: string, id: string, use: string) => ({
    id,
    kid,
    kty: "RSA",
    use,
    alg: use === "enc" ? "RSA-OAEP-256" : "RS256",
    n: Buffer.alloc(256, 0xc1).toString("base64url"),
    e: "AQAB",
    status: "ACTIVE",
  });

  test.each([
    [
      "sig",
      "Can't deactivate the only active JSON Web Key when the value for `token_endpoint_auth_method` is `private_key_jwt`.",
      /private_key_jwt: activate another signing key on the app, or change the app's client authentication \(token_endpoint_auth_method\), then run again\.$/,
    ],
    ["enc", "You can't deactivate the active encryption key.", /turn ID token encryption off for the app, then run again\.$/],
  ])("%s key: status, vendor code and the hint", async (use, cause, hint) => {
    const okta = agent.get(OKTA);
    okta.intercept({ path: BASE_PATH, method: "GET" }).reply(200, [key("k1", "pks1", use)], { headers: JSON_HEADERS });
    okta
      .intercept({ path: `${BASE_PATH}/pks1/lifecycle/deactivate`, method: "POST" })
      .reply(400, oktaError("E0000001", "Api validation failed: JsonWebKey", [cause]), { headers: JSON_HEADERS });
    const t = oktaTarget({ kind: "okta", orgUrl: OKTA, appId: APP }, { dispatcher: agent });
    const [live] = await t.list();
    const err = await rejectionOf(t.remove(live!));
    expect(err.code).toBe("ERR_JWKS_TARGET");
    expect(err.message).toMatch(new RegExp(`^okta ${OKTA} app ${APP}: remove key k1 failed: deactivate key k1 failed: HTTP 400 E0000001 `));
    expect(err.message).toMatch(hint);
    expect((err.cause as { status?: number }).status).toBe(400);
    expect(err.message).not.toContain("oaeSECRETISH");
  });
});

describe("janssen: is the set gone?", () => {
  const jans = () => agent.get(JANS);
  const token = () =>
    jans()
      .intercept({ path: "/jans-auth/restv1/token", method: "POST" })
      .reply(200, { access_token: "tok", token_type: "Bearer", expires_in: 299 }, { headers: JSON_HEADERS });
  const open = () =>
    janssenTarget({ kind: "janssen", url: `${JANS}/jans-config-api`, tokenUrl: `${JANS}/jans-auth/restv1/token` }, { dispatcher: agent });

  test("404 on the set (the token endpoint answered): the target is gone, with the URL to check", async () => {
    token();
    jans().intercept({ path: "/jans-config-api/api/v1/config/jwks", method: "GET" }).reply(404, "");
    const err = await rejectionOf(open().list());
    expect(err.code).toBe("ERR_JWKS_TARGET_GONE");
    expect(err.message).toBe(
      `janssen ${JANS}/jans-config-api: the target does not exist (HTTP 404 on api/v1/config/jwks: no key set is served at this URL; check target.url (the config-api base, e.g. https://jans.example.com/jans-config-api))`,
    );
    expect(err.message).not.toContain(JANS_SECRET);
  });

  test("a 404 from the token endpoint is no answer about the set: an ordinary error", async () => {
    jans().intercept({ path: "/jans-auth/restv1/token", method: "POST" }).reply(404, "");
    expect((await rejectionOf(open().list())).code).not.toBe("ERR_JWKS_TARGET_GONE");
  });
});

describe("against the emulators (every request checked against the vendor's spec)", () => {
  const sig = async (alg: string) => (await describeKey(await generateKey({ alg }), { alg, use: "sig" })).publicJwk;

  test("okta: a private_key_jwt app lets all but its last ACTIVE signing key go; after its auth method changes, the rest", async () => {
    const okta = await startOktaEmulator();
    try {
      vi.stubEnv("OKTA_API_TOKEN", okta.apiToken);
      const appId = okta.createApp({ tokenEndpointAuthMethod: "private_key_jwt" });
      const partner = okta.consoleAddKey(appId, { ...(await sig("ES256")), kid: "partner" }, "INACTIVE");
      const t = () => oktaTarget({ kind: "okta", orgUrl: okta.url, appId });
      const [k1, k2, k3] = [await sig("RS256"), await sig("ES256"), await sig("PS256")];
      for (const k of [k1, k2, k3]) await t().add(k);
      const target = t();
      const err = await rejectionOf(withdrawOwnedKeys(target, await target.list(), [k1.kid, k2.kid, k3.kid]));
      expect(err.code).toBe("ERR_JWKS_WITHDRAW_INCOMPLETE");
      expect(err.removed).toEqual([`remove key ${k1.kid}`, `remove key ${k2.kid}`]);
      expect(err.refused).toEqual([{ step: `remove key ${k3.kid}`, reason: expect.stringMatching(/HTTP 400 E0000001 .*private_key_jwt/) }]);
      expect(okta.keys(appId).map((k) => `${k.kid}:${k.status}`)).toEqual([`partner:${partner.status}`, `${k3.kid}:ACTIVE`]);

      okta.consoleSetTokenEndpointAuthMethod(appId, "client_secret_basic");
      const again = t();
      expect(await withdrawOwnedKeys(again, await again.list(), [k1.kid, k2.kid, k3.kid])).toEqual([`remove key ${k3.kid}`]);
      expect(okta.keys(appId).map((k) => k.kid)).toEqual(["partner"]);
      expect(okta.contractViolations).toEqual([]);
    } finally {
      await okta.close();
    }
  });

  test("okta: an app deleted in the console is gone; janssen: a removed config-api is gone", async () => {
    const [okta, jans] = await Promise.all([startOktaEmulator(), startJanssenEmulator()]);
    try {
      vi.stubEnv("OKTA_API_TOKEN", okta.apiToken);
      vi.stubEnv("JANS_CLIENT_ID", jans.clientId);
      vi.stubEnv("JANS_CLIENT_SECRET", jans.clientSecret);
      const appId = okta.createApp();
      const ot = oktaTarget({ kind: "okta", orgUrl: okta.url, appId });
      const jt = janssenTarget({ kind: "janssen", url: jans.configApiUrl, tokenUrl: jans.tokenUrl });
      expect(await ot.list()).toEqual([]);
      expect((await jt.list()).length).toBe(2);
      okta.consoleDeleteApp(appId);
      jans.consoleRemoveConfigApi();
      expect(await rejectionOf(ot.list())).toMatchObject({ code: "ERR_JWKS_TARGET_GONE" });
      expect(await rejectionOf(jt.list())).toMatchObject({ code: "ERR_JWKS_TARGET_GONE" });
      expect(okta.contractViolations).toEqual([]);
      expect(jans.contractViolations).toEqual([]);
    } finally {
      await Promise.all([okta.close(), jans.close()]);
    }
  });
});
