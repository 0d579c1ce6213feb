/**
 * Credential strategies: OAuth client credentials (form body, HTTP Basic with url-encoded id and secret, one
 * token per credential cached until 30 s before expiry or until invalidated), bearer and SSWS headers, and credentials read
 * from the environment with an error naming the variable to set.
 */
import type { MockAgent } from "undici";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { bearerToken, clientCredentials, credentialFromEnv } from "../../provider/http/auth";
import { oktaSsws } from "../../provider/vendors/okta/http";
import { HttpClient } from "../../provider/http/send";
import { janssenTarget } from "../../provider/vendors/janssen/target";
import { oktaTarget } from "../../provider/vendors/okta/target";
import { JSON_HEADERS, newAgent, rejectionOf, seen } from "./mock-http";

const AUTH = "https://auth.test";
const TOKEN_URL = `${AUTH}/oauth2/token`;
const CLIENT_ID = "my client:1";
const CLIENT_SECRET = "s3cr:et/+% &";

let agent: MockAgent;
beforeEach(() => {
  agent = newAgent();
});
afterEach(async () => {
  agent.assertNoPendingInterceptors();
  await agent.close();
  vi.unstubAllEnvs();
});

const http = () => new HttpClient({ target: "test target", baseUrl: "https://api.test", dispatcher: agent, maxRetryDelayMs: 5 });
const strategy = () =>
  clientCredentials({ tokenUrl: TOKEN_URL, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, scopes: ["jwks.readonly", "jwks.write"] });
const tokenReply = (body: Record<string, unknown>, status = 200) =>
  agent.get(AUTH).intercept({ path: "/oauth2/token", method: "POST" }).reply(status, body, { headers: JSON_HEADERS });

describe("clientCredentials", () => {
  test("fetches a token once (form body, HTTP Basic with url-encoded id:secret) and caches it", async () => {
    tokenReply({ access_token: "at-1", token_type: "Bearer", expires_in: 3600 });
    const auth = strategy();
    const client = http();
    expect(await auth.authorization(client)).toBe("Bearer at-1");
    expect(await auth.authorization(client)).toBe("Bearer at-1");
    const requests = seen(agent);
    expect(requests).toHaveLength(1);
    const [req] = requests;
    expect(req!.method).toBe("POST");
    expect(req!.url).toBe(TOKEN_URL);
    expect(req!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    const form = new URLSearchParams(req!.body!);
    expect([...form.keys()].sort()).toEqual(["grant_type", "scope"]);
    expect(form.get("grant_type")).toBe("client_credentials");
    expect(form.get("scope")).toBe("jwks.readonly jwks.write");
    // client_secret_basic (RFC 6749 section 2.3.1): id and secret are form-encoded before joining with ":".
    const basic = /^Basic (.+)$/.exec(req!.headers.authorization ?? "");
    expect(basic).not.toBeNull();
    const decoded = Buffer.from(basic![1]!, "base64").toString("utf8");
    expect(decoded.split(":")).toHaveLength(2);
    const [id, secret] = decoded.split(":");
    expect(decodeURIComponent(id!)).toBe(CLIENT_ID);
    expect(decodeURIComponent(secret!)).toBe(CLIENT_SECRET);
    // The secret never travels in the body.
    expect(req!.body).not.toContain("s3cr");
  });

  test("invalidate() forgets the token: the next call fetches a new one", async () => {
    tokenReply({ access_token: "at-1", expires_in: 3600 });
    tokenReply({ access_token: "at-2", expires_in: 3600 });
    const auth = strategy();
    const client = http();
    expect(await auth.authorization(client)).toBe("Bearer at-1");
    auth.invalidate!();
    expect(await auth.authorization(client)).toBe("Bearer at-2");
    expect(await auth.authorization(client)).toBe("Bearer at-2");
    expect(seen(agent)).toHaveLength(2);
  });

  test("a token that expires within 30 s is not reused", async () => {
    tokenReply({ access_token: "short-1", expires_in: 30 });
    tokenReply({ access_token: "short-2", expires_in: 30 });
    const auth = strategy();
    expect(await auth.authorization(http())).toBe("Bearer short-1");
    expect(await auth.authorization(http())).toBe("Bearer short-2");
    expect(seen(agent)).toHaveLength(2);
  });

  test("strategies for the same credential share one token (issue 21: one token per credential per process)", async () => {
    tokenReply({ access_token: "a", expires_in: 3600 });
    expect(await strategy().authorization(http())).toBe("Bearer a");
    expect(await strategy().authorization(http())).toBe("Bearer a");
    expect(seen(agent)).toHaveLength(1);
  });

  test("a 503 from the token endpoint is retried (a token request changes nothing)", async () => {
    agent.get(AUTH).intercept({ path: "/oauth2/token", method: "POST" }).reply(503, "");
    tokenReply({ access_token: "at-1", expires_in: 3600 });
    expect(await strategy().authorization(http())).toBe("Bearer at-1");
    expect(seen(agent)).toHaveLength(2);
  });

  test("an answer without access_token is a target error naming the token endpoint", async () => {
    tokenReply({ token_type: "Bearer" });
    const err = await rejectionOf(strategy().authorization(http()));
    expect(err.code).toBe("ERR_JWKS_TARGET");
    expect(err.message).toContain(TOKEN_URL);
    expect(err.message).toContain("without an access_token");
  });

  test("a refused client: the error names the call and the OAuth error, never the secret", async () => {
    tokenReply({ error: "invalid_client", error_description: "Client authentication failed" }, 401);
    const err = await rejectionOf(strategy().authorization(http()));
    expect(seen(agent)).toHaveLength(1);
    expect(err.code).toBe("ERR_JWKS_HTTP");
    expect(err.message).toBe("test target: get an access token failed: HTTP 401 invalid_client Client authentication failed");
    expect(err.message).not.toContain(CLIENT_SECRET);
    expect(err.message).not.toContain(encodeURIComponent(CLIENT_SECRET));
  });
});

describe("static tokens", () => {
  test("bearer and SSWS headers", async () => {
    expect(await bearerToken("abc").authorization(http())).toBe("Bearer abc");
    expect(await oktaSsws("00x").authorization(http())).toBe("SSWS 00x");
    expect(seen(agent)).toHaveLength(0);
  });
});

describe("credentials from the environment", () => {
  test("credentialFromEnv returns the value", () => {
    vi.stubEnv("PULUMI_JWK_TEST_SECRET", "value-1");
    expect(credentialFromEnv("PULUMI_JWK_TEST_SECRET", "the secret", "target.secretEnv")).toBe("value-1");
  });

  test.each([undefined, ""])("unset or empty (%j): JwkInputError naming the variable and the property", (value) => {
    vi.stubEnv("PULUMI_JWK_TEST_SECRET", value);
    let caught: unknown;
    try {
      credentialFromEnv("PULUMI_JWK_TEST_SECRET", "the secret", "target.secretEnv");
    } catch (e) {
      caught = e;
    }
    const err = caught as { code?: string; name?: string; failures?: unknown; message?: string };
    expect(err?.code).toBe("ERR_JWK_INVALID_INPUT");
    expect(err.name).toBe("JwkInputError");
    expect(err.failures).toEqual([
      { property: "target.secretEnv", reason: "the secret is read from the environment variable PULUMI_JWK_TEST_SECRET, which is not set" },
    ]);
  });

  const JANS = { kind: "janssen" as const, url: "https://jans.test/jans-config-api", tokenUrl: "https://jans.test/jans-auth/restv1/token" };
  const failuresOf = (open: () => unknown) => {
    try {
      open();
    } catch (e) {
      return { code: (e as { code?: string }).code, failures: (e as { failures?: unknown }).failures };
    }
    return undefined;
  };

  test("Janssen: a missing JANS_CLIENT_SECRET is named, and nothing is sent", () => {
    vi.stubEnv("JANS_CLIENT_ID", "cid");
    vi.stubEnv("JANS_CLIENT_SECRET", undefined);
    expect(failuresOf(() => janssenTarget(JANS, { dispatcher: agent }))).toEqual({
      code: "ERR_JWK_INVALID_INPUT",
      failures: [
        {
          property: "target.clientSecretEnv",
          reason: "the Janssen client secret is read from the environment variable JANS_CLIENT_SECRET, which is not set",
        },
      ],
    });
    expect(seen(agent)).toHaveLength(0);
  });

  test("Janssen: clientSecretEnv names another variable; a missing JANS_CLIENT_ID without clientId is named", () => {
    vi.stubEnv("JANS_CLIENT_ID", undefined);
    vi.stubEnv("JANS_CLIENT_SECRET", "ignored");
    vi.stubEnv("MY_JANS_SECRET", undefined);
    expect(failuresOf(() => janssenTarget(JANS, {}))?.failures).toEqual([
      { property: "target.clientId", reason: expect.stringContaining("JANS_CLIENT_ID") },
    ]);
    expect(failuresOf(() => janssenTarget({ ...JANS, clientId: "cid", clientSecretEnv: "MY_JANS_SECRET" }, {}))?.failures).toEqual([
      { property: "target.clientSecretEnv", reason: expect.stringContaining("MY_JANS_SECRET") },
    ]);
    vi.stubEnv("MY_JANS_SECRET", "s");
    expect(failuresOf(() => janssenTarget({ ...JANS, clientId: "cid", clientSecretEnv: "MY_JANS_SECRET" }, {}))).toBeUndefined();
  });

  test("Okta: a missing OKTA_API_TOKEN (or tokenEnv) is named", () => {
    vi.stubEnv("OKTA_API_TOKEN", undefined);
    vi.stubEnv("MY_OKTA_TOKEN", "");
    const OKTA = { kind: "okta" as const, orgUrl: "https://acme.okta.test", appId: "0oa1" };
    expect(failuresOf(() => oktaTarget(OKTA, { dispatcher: agent }))?.failures).toEqual([
      { property: "target.tokenEnv", reason: "the Okta API token is read from the environment variable OKTA_API_TOKEN, which is not set" },
    ]);
    expect(failuresOf(() => oktaTarget({ ...OKTA, tokenEnv: "MY_OKTA_TOKEN" }, {}))?.failures).toEqual([
      { property: "target.tokenEnv", reason: expect.stringContaining("MY_OKTA_TOKEN") },
    ]);
    expect(seen(agent)).toHaveLength(0);
  });
});
