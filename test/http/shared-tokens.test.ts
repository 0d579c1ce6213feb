/**
 * Tokens once per credential per process (issue 21): N resources, each with its own strategy and client as the
 * provider builds them per operation, ask the token endpoint once; a 401 renews it once for all; other
 * credentials (secret, client, scopes, user) get their own token; the key never holds a secret in clear.
 */
import type { MockAgent } from "undici";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { clientCredentials } from "../../provider/http/auth";
import { HttpClient } from "../../provider/http/send";
import { keycloakAdminAuth } from "../../provider/vendors/keycloak/admin-auth";
import { JSON_HEADERS, newAgent, seen } from "./mock-http";

const AUTH = "https://auth.test";
const API = "https://api.test";
const N = 25;

let agent: MockAgent;
beforeEach(() => {
  agent = newAgent();
});
afterEach(async () => {
  agent.assertNoPendingInterceptors();
  await agent.close();
});

let tokens = 0;
const tokenReplies = (count: number) =>
  agent
    .get(AUTH)
    .intercept({ path: "/oauth2/token", method: "POST" })
    .reply(() => ({
      statusCode: 200,
      data: { access_token: `at-${++tokens}`, expires_in: 3600 },
      responseOptions: { headers: JSON_HEADERS },
    }))
    .times(count);
const tokenRequests = () => seen(agent, { method: "POST", url: `${AUTH}/oauth2/token` });

/** One resource's operation: its own strategy and client, one GET. */
async function operation(secret = "secret-1", clientId = "cid", scopes = ["a"]) {
  const auth = clientCredentials({ tokenUrl: `${AUTH}/oauth2/token`, clientId, clientSecret: secret, scopes });
  const http = new HttpClient({ target: "t", baseUrl: API, auth, dispatcher: agent, maxRetryDelayMs: 5 });
  return (await http.send({ operation: "read", method: "GET", path: "thing", expect: [200] })).body;
}

describe("shared token grants", () => {
  test(`${N} concurrent operations with one credential ask for one token`, async () => {
    tokenReplies(1);
    agent
      .get(API)
      .intercept({ path: "/thing", method: "GET", headers: { authorization: /^Bearer at-\d+$/ } })
      .reply(200, "ok")
      .times(N);
    await Promise.all(Array.from({ length: N }, () => operation()));
    await operation().catch(() => undefined); // a later operation reuses it too (no interceptor left: refused by the agent)
    expect(tokenRequests()).toHaveLength(1);
  });

  test("a 401 on a shared token renews it once for every resource that held it", async () => {
    tokenReplies(2);
    agent.get(API).intercept({ path: "/thing", method: "GET" }).reply(200, "warm");
    expect(await operation()).toBe("warm");
    const first = `Bearer at-${tokens}`;
    // The token is revoked server-side: every resource's next call is refused once with it, then succeeds.
    agent
      .get(API)
      .intercept({ path: "/thing", method: "GET", headers: { authorization: first } })
      .reply(401, "")
      .times(N);
    agent
      .get(API)
      .intercept({ path: "/thing", method: "GET", headers: { authorization: /^Bearer at-\d+$/ } })
      .reply(200, "ok")
      .times(N);
    const results = await Promise.all(Array.from({ length: N }, () => operation()));
    expect(results).toEqual(Array(N).fill("ok"));
    expect(tokenRequests()).toHaveLength(2);
  });

  test("another secret, client or scope set gets a token of its own", async () => {
    tokenReplies(4);
    agent.get(API).intercept({ path: "/thing", method: "GET" }).reply(200, "ok").times(8);
    await Promise.all([operation(), operation("secret-2"), operation("secret-1", "cid-2"), operation("secret-1", "cid", ["b"])]);
    await Promise.all([operation(), operation("secret-2"), operation("secret-1", "cid-2"), operation("secret-1", "cid", ["b"])]);
    expect(tokenRequests()).toHaveLength(4);
  });

  test("Keycloak's password grant is asked once for N resources", async () => {
    process.env.SHARED_TOKENS_KC_USER = "admin";
    process.env.SHARED_TOKENS_KC_PASSWORD = "pa55-word";
    const reference = { adminUsernameEnv: "SHARED_TOKENS_KC_USER", adminPasswordEnv: "SHARED_TOKENS_KC_PASSWORD" };
    agent
      .get(AUTH)
      .intercept({ path: "/realms/master/protocol/openid-connect/token", method: "POST" })
      .reply(200, { access_token: "kc-1", expires_in: 60 }, { headers: JSON_HEADERS });
    agent.get(AUTH).intercept({ path: "/admin/realms/r/clients", method: "GET" }).reply(200, []).times(N);
    await Promise.all(
      Array.from({ length: N }, async () => {
        const http = new HttpClient({ target: "kc", baseUrl: AUTH, auth: keycloakAdminAuth(reference, "client"), dispatcher: agent });
        await http.send({ operation: "list", method: "GET", path: "admin/realms/r/clients", expect: [200] });
      }),
    );
    expect(seen(agent, { method: "POST" })).toHaveLength(1);
    delete process.env.SHARED_TOKENS_KC_USER;
    delete process.env.SHARED_TOKENS_KC_PASSWORD;
  });
});
