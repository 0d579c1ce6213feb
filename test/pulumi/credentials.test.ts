/**
 * Issue 18 item 7: credentials the process read from the environment or received from a server are registered
 * (pulumi/credentials.ts) and no sink shows them: the guard (errors and check failures), progress lines, the
 * engine-log fallback. Vendors quote a token in their error messages (a 5xx echoing the request, a 401 naming
 * the token it refused); the message reaches the engine with `[redacted]` in its place.
 */
import { generateKeyPairSync } from "node:crypto";
import type { MockAgent } from "undici";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { bearerToken, clientCredentials, credentialFromEnv } from "../../provider/http/auth";
import { HttpClient } from "../../provider/http/send";
import { REDACTED, redact, registerCredential } from "../../provider/pulumi/credentials";
import { safeError, safeFailures } from "../../provider/pulumi/guard";
import { progress } from "../../provider/pulumi/progress";
import { engineSink } from "../../provider/pulumi/engine-log";
import { rfc7592Client } from "../../provider/clients/rfc7592/rfc7592";
import { JSON_HEADERS, newAgent } from "../http/mock-http";

const none = { properties: [], texts: [] };
let agent: MockAgent;
beforeEach(() => {
  agent = newAgent();
});
afterEach(async () => {
  await agent.close();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

const http = (auth?: ReturnType<typeof bearerToken>) =>
  new HttpClient({
    target: "okta https://acme.okta.test",
    baseUrl: "https://api.test",
    dispatcher: agent,
    maxRetries: 0,
    ...(auth ? { auth } : {}),
  });

describe("redact", () => {
  test("replaces a registered value, a quote of it cut short, and its URL- and JSON-escaped forms", () => {
    const value = 'tok/en+"with"-parts-0123456789';
    registerCredential(value);
    expect(redact(`refused ${value}.`)).toBe(`refused ${REDACTED}.`);
    expect(redact(`body: ${value.slice(0, 14)}...`)).toBe(`body: ${REDACTED}...`);
    expect(redact(`?t=${encodeURIComponent(value)}&x=1`)).toBe(`?t=${REDACTED}&x=1`);
    expect(redact(JSON.stringify({ t: value }))).toBe(`{"t":"${REDACTED}"}`);
    expect(redact("nothing secret here")).toBe("nothing secret here");
  });

  test("a value shorter than 8 characters is not registered: it would garble ordinary words", () => {
    registerCredential("admin");
    expect(redact("the Keycloak admin API")).toBe("the Keycloak admin API");
  });
});

describe("credentials read from the environment", () => {
  test("a secret is registered, an identifier is not", () => {
    vi.stubEnv("CRED_TEST_SECRET", "env-secret-f00dfeed-4242");
    vi.stubEnv("CRED_TEST_ID", "client-id-visible-0001");
    credentialFromEnv("CRED_TEST_SECRET", "the secret", "target.secretEnv");
    credentialFromEnv("CRED_TEST_ID", "the client id", "target.clientId", { secret: false });
    expect(redact("env-secret-f00dfeed-4242 / client-id-visible-0001")).toBe(`${REDACTED} / client-id-visible-0001`);
  });

  test("a vendor message quoting the token (5xx echoing it) reaches the engine redacted", async () => {
    const token = "okta-token-5xx-echo-abcdef0123456789";
    vi.stubEnv("CRED_TEST_OKTA", token);
    agent
      .get("https://api.test")
      .intercept({ path: "/keys", method: "GET" })
      .reply(500, { error: "server_error", error_description: `internal error for SSWS ${token}` }, { headers: JSON_HEADERS });
    const error = await http(bearerToken(credentialFromEnv("CRED_TEST_OKTA", "the Okta API token", "target.tokenEnv")))
      .send({ operation: "list keys", method: "GET", path: "/keys", expect: [200] })
      .catch((e: unknown) => e);
    const safe = safeError(error, none);
    expect(safe.message).not.toContain(token.slice(0, 8));
    expect(safe.message).toContain(REDACTED);
    expect(safe.stack).not.toContain(token.slice(0, 8));
    expect(safeFailures([{ property: "target", reason: `refused ${token}` }], none)).toEqual([
      { property: "target", reason: `refused ${REDACTED}` },
    ]);
  });

  test("progress lines and the engine-log fallback redact too", async () => {
    const secret = "progress-secret-0123456789abcdef";
    registerCredential(secret);
    const lines: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: string) => void lines.push(line));
    progress(`retrying with ${secret}`);
    await engineSink(undefined, undefined, "JwkSet x: ")("warning", `drift near ${secret}`);
    expect(lines.join("\n")).not.toContain(secret.slice(0, 8));
    expect(lines).toEqual([`[pulumi-jwk] retrying with ${REDACTED}`, `warning: JwkSet x: drift near ${REDACTED}`]);
  });
});

describe("credentials received from a server", () => {
  test("an access token from a token endpoint is registered", async () => {
    const accessToken = "granted-access-token-9f8e7d6c5b4a";
    agent
      .get("https://auth.test")
      .intercept({ path: "/token", method: "POST" })
      .reply(200, { access_token: accessToken, expires_in: 3600 }, { headers: JSON_HEADERS });
    const auth = clientCredentials({
      tokenUrl: "https://auth.test/token",
      clientId: "id",
      clientSecret: "client-secret-value-1",
      scopes: [],
    });
    await auth.authorization(http());
    expect(redact(`echo: Bearer ${accessToken}`)).toBe(`echo: Bearer ${REDACTED}`);
  });

  test("registration access tokens, from the environment and rotated by the server, are registered", async () => {
    const first = "registration-token-from-env-1111";
    const rotated = "registration-token-rotated-2222";
    vi.stubEnv("CRED_TEST_RAT", first);
    const uri = "https://op.test/reg/app";
    const doc = { client_id: "app", jwks: { keys: [] } };
    agent.get("https://op.test").intercept({ path: "/reg/app", method: "GET" }).reply(200, doc, { headers: JSON_HEADERS });
    agent
      .get("https://op.test")
      .intercept({ path: "/reg/app", method: "PUT" })
      .reply(200, { ...doc, registration_access_token: rotated }, { headers: JSON_HEADERS });
    agent.get("https://op.test").intercept({ path: "/reg/app", method: "GET" }).reply(200, doc, { headers: JSON_HEADERS });
    const binder = rfc7592Client({ kind: "rfc7592", registrationClientUri: uri, tokenEnv: "CRED_TEST_RAT" }, {
      dispatcher: agent,
    } as never);
    expect(redact(first)).toBe(REDACTED);
    const key = {
      ...generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "jwk" }),
      kid: "k1",
      alg: "ES256",
      use: "sig",
    };
    await binder.apply({ keys: [key], mode: "additive" } as never, []);
    expect(redact(`new token ${rotated}`)).toBe(`new token ${REDACTED}`);
  });
});
