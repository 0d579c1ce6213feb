/**
 * The keycloak client kind: reading a client representation (jwks.string / jwks.url, authenticator ids), the PUT
 * body (no secret, attributes merged), the admin token and the calls in order against a MockAgent, and the
 * errors (client or realm missing, credentials not set, a refused token without the password in the message).
 */
import { generateKeyPairSync } from "node:crypto";
import type { MockAgent } from "undici";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  keycloakClient,
  keycloakKind,
  keycloakUpdateBody,
  processKeycloakClients,
  type KeycloakClientConfig,
} from "../../../provider/vendors/keycloak/client";
import type { PublicJwk } from "../../../provider/core/keys/material";
import type { HttpResponse } from "../../../provider/http/send";
import { JSON_HEADERS, newAgent, rejectionOf, seen, sequence } from "../../http/mock-http";

const ORIGIN = "https://sso.test";
const CONFIG: KeycloakClientConfig = {
  kind: "keycloak",
  url: ORIGIN,
  realm: "demo",
  clientId: "app",
  adminUsernameEnv: "KC_TEST_USER",
  adminPasswordEnv: "KC_TEST_PASSWORD",
};
const PASSWORD = "kc-admin-password-do-not-log";
const SECRET = "client-secret-never-resent";
const TOKEN_PATH = "/realms/master/protocol/openid-connect/token";
const CLIENTS = "/admin/realms/demo/clients";

function ecKey(kid: string): PublicJwk {
  const jwk = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "jwk" }) as Record<string, string>;
  return { kty: "EC", crv: "P-256", x: jwk.x!, y: jwk.y!, kid, use: "sig", alg: "ES256" };
}
const response = (body: unknown): HttpResponse => ({ status: 200, headers: {}, body });
const [mine, theirs] = [ecKey("mine"), ecKey("theirs")];

function representation(attributes: Record<string, string>, extra: Record<string, unknown> = {}) {
  return {
    id: "4f1c-internal",
    clientId: "app",
    clientAuthenticatorType: "client-jwt",
    secret: SECRET,
    publicClient: false,
    access: { view: true, configure: true, manage: true },
    attributes: { realm_client: "false", ...attributes },
    ...extra,
  };
}

describe("processKeycloakClients", () => {
  it("reads jwks.string (private members dropped), the authenticator as an RFC 7591 method and the signing alg", () => {
    const leaked = { ...theirs, d: "private-part" };
    const doc = representation({
      "use.jwks.string": "true",
      "jwks.string": JSON.stringify({ keys: [leaked] }),
      "token.endpoint.auth.signing.alg": "ES256",
    });
    const found = processKeycloakClients("kc", "app", response([doc]));
    expect(found?.live).toEqual({ keys: [theirs], authMethod: "private_key_jwt", signingAlg: "ES256" });
    expect(found?.document.id).toBe("4f1c-internal");
  });

  it("reads jwks.url when use.jwks.url is on, ignores a jwks.string that is switched off, maps the other authenticators", () => {
    const byUrl = representation({ "use.jwks.url": "true", "jwks.url": "https://app.test/jwks", "jwks.string": '{"keys":[]}' });
    expect(processKeycloakClients("kc", "app", response([byUrl]))?.live).toEqual({
      keys: [],
      jwksUri: "https://app.test/jwks",
      authMethod: "private_key_jwt",
    });
    const off = representation({ "jwks.string": JSON.stringify({ keys: [theirs] }) }, { clientAuthenticatorType: "client-secret" });
    expect(processKeycloakClients("kc", "app", response([off]))?.live).toEqual({ keys: [], authMethod: "client_secret_basic" });
    const pub = representation({}, { publicClient: true });
    expect(processKeycloakClients("kc", "app", response([pub]))?.live.authMethod).toBe("none");
  });

  it("Keycloak's 'Realm not found.' is no client; any other 404 (not the admin API) is an error, never a deleted client", () => {
    expect(processKeycloakClients("kc", "app", { status: 404, headers: {}, body: { error: "Realm not found." } })).toBeUndefined();
    expect(() => processKeycloakClients("kc", "app", { status: 404, headers: {}, body: "<html>Not Found</html>" })).toThrow(
      expect.objectContaining({
        code: "ERR_JWKS_CLIENT_RESPONSE",
        message: expect.stringMatching(/not Keycloak's admin API: check client.url/),
      }),
    );
  });

  it("an empty list is no client; a malformed jwks.string or body is an error naming the client", () => {
    expect(processKeycloakClients("kc", "app", response([]))).toBeUndefined();
    expect(processKeycloakClients("kc", "app", response([{ ...representation({}), clientId: "app2" }]))).toBeUndefined();
    const bad = representation({ "use.jwks.string": "true", "jwks.string": "{not json" });
    expect(() => processKeycloakClients("kc x", "app", response([bad]))).toThrow(
      expect.objectContaining({ code: "ERR_JWKS_CLIENT_RESPONSE", message: expect.stringMatching(/^kc x: .*jwks.string is not JSON/) }),
    );
    expect(() => processKeycloakClients("kc", "app", response({ id: "x" }))).toThrow(/not a list of clients/);
  });
});

describe("keycloakUpdateBody", () => {
  it("sets the keys, switches jwks.url off, keeps other attributes, leaves out the secret and access rights", () => {
    const doc = representation(
      { "use.jwks.url": "true", "jwks.url": "https://old.test/jwks" },
      { clientAuthenticatorType: "client-secret" },
    );
    const body = keycloakUpdateBody(doc, { keys: [mine], authMethod: "private_key_jwt", signingAlg: "ES256" });
    expect(body).not.toHaveProperty("secret");
    expect(body).not.toHaveProperty("access");
    expect(body.clientAuthenticatorType).toBe("client-jwt");
    expect(body.attributes).toEqual({
      realm_client: "false",
      "use.jwks.url": "false",
      "jwks.url": "https://old.test/jwks",
      "use.jwks.string": "true",
      "jwks.string": JSON.stringify({ keys: [mine] }),
      "token.endpoint.auth.signing.alg": "ES256",
    });
  });

  it("binds a jwksUri with use.jwks.url and switches jwks.string off; an undeclared method leaves the authenticator", () => {
    const body = keycloakUpdateBody(representation({}), { keys: [], jwksUri: "https://app.test/jwks", authMethod: "none" });
    expect(body.attributes).toMatchObject({ "use.jwks.url": "true", "jwks.url": "https://app.test/jwks", "use.jwks.string": "false" });
    expect(body.clientAuthenticatorType).toBe("client-jwt");
  });
});

describe("keycloakClient over HTTP", () => {
  let agent: MockAgent;
  beforeEach(() => {
    agent = newAgent();
    process.env.KC_TEST_USER = "admin";
    process.env.KC_TEST_PASSWORD = PASSWORD;
  });
  afterEach(async () => {
    agent.assertNoPendingInterceptors();
    await agent.close();
  });
  const kc = () => agent.get(ORIGIN);
  const token = (value = "admin-token-1") =>
    kc()
      .intercept({ path: TOKEN_PATH, method: "POST" })
      .reply(200, { access_token: value, token_type: "Bearer", expires_in: 60 }, { headers: JSON_HEADERS });
  const list = (doc: unknown, auth = "Bearer admin-token-1") =>
    kc()
      .intercept({ path: `${CLIENTS}?clientId=app`, method: "GET", headers: { authorization: auth } })
      .reply(200, [doc], { headers: JSON_HEADERS });

  it("gets an admin token by the password grant, finds the client, PUTs the merged keys, reads back", async () => {
    const before = representation({ "use.jwks.string": "true", "jwks.string": JSON.stringify({ keys: [theirs] }) });
    const after = representation({ "use.jwks.string": "true", "jwks.string": JSON.stringify({ keys: [theirs, mine] }) });
    token();
    list(before);
    kc()
      .intercept({ path: `${CLIENTS}/4f1c-internal`, method: "PUT" })
      .reply(204, "");
    list(after);
    const live = await keycloakClient(CONFIG, { dispatcher: agent }).apply(
      { mode: "additive", keys: [mine], authMethod: "private_key_jwt" },
      [],
    );
    expect(live.keys.map((k) => k.kid)).toEqual(["theirs", "mine"]);
    // (The call history leaves out the query; the interceptors above matched `?clientId=app`.)
    expect(sequence(agent)).toEqual([
      `POST ${ORIGIN}${TOKEN_PATH}`,
      `GET ${ORIGIN}${CLIENTS}`,
      `PUT ${ORIGIN}${CLIENTS}/4f1c-internal`,
      `GET ${ORIGIN}${CLIENTS}`,
    ]);
    const tokenRequest = seen(agent)[0]!;
    expect(tokenRequest.headers.authorization).toBeUndefined();
    expect(Object.fromEntries(new URLSearchParams(tokenRequest.body))).toEqual({
      grant_type: "password",
      client_id: "admin-cli",
      username: "admin",
      password: PASSWORD,
    });
    const put = seen(agent, { method: "PUT" })[0]!;
    expect(put.headers.authorization).toBe("Bearer admin-token-1");
    expect(put.body).not.toContain(SECRET);
    expect(JSON.parse(JSON.parse(put.body!).attributes["jwks.string"])).toEqual({ keys: [theirs, mine] });
  });

  it("a service account's client credentials when adminClientSecretEnv is named", async () => {
    process.env.KC_TEST_ADMIN_SECRET = "svc-secret";
    kc()
      .intercept({ path: "/realms/ops/protocol/openid-connect/token", method: "POST" })
      .reply(200, { access_token: "svc-token" }, { headers: JSON_HEADERS });
    list(representation({}), "Bearer svc-token");
    const config = { ...CONFIG, adminRealm: "ops", adminClientId: "binder", adminClientSecretEnv: "KC_TEST_ADMIN_SECRET" };
    expect((await keycloakClient(config, { dispatcher: agent }).read())?.authMethod).toBe("private_key_jwt");
    const tokenRequest = seen(agent)[0]!;
    expect(tokenRequest.headers.authorization).toBe(`Basic ${Buffer.from("binder:svc-secret").toString("base64")}`);
    expect(new URLSearchParams(tokenRequest.body).get("grant_type")).toBe("client_credentials");
  });

  it("a realm that does not exist (404) or a client it lacks reads as no client; apply names the client and sends no PUT", async () => {
    token();
    kc()
      .intercept({ path: `${CLIENTS}?clientId=app`, method: "GET" })
      .reply(404, { error: "Realm not found." }, { headers: JSON_HEADERS });
    expect(await keycloakClient(CONFIG, { dispatcher: agent }).read()).toBeUndefined();
    // No second token request: the admin token is shared by every operation of the process (issue 21).
    kc()
      .intercept({ path: `${CLIENTS}?clientId=app`, method: "GET" })
      .reply(200, [], { headers: JSON_HEADERS });
    const e = await rejectionOf(keycloakClient(CONFIG, { dispatcher: agent }).apply({ mode: "additive", keys: [mine] }, []));
    expect(e.code).toBe("ERR_JWKS_CLIENT_NOT_FOUND");
    expect(e.message).toMatch(/keycloak client "app" in realm "demo" at https:\/\/sso.test does not exist.*nothing was changed/);
    expect(seen(agent, { method: "PUT" })).toEqual([]);
  });

  it("a refused admin login fails with Keycloak's error, never the password; an unset variable names the property", async () => {
    kc()
      .intercept({ path: TOKEN_PATH, method: "POST" })
      .reply(401, { error: "invalid_grant", error_description: "Invalid user credentials" }, { headers: JSON_HEADERS });
    const e = await rejectionOf(keycloakClient(CONFIG, { dispatcher: agent }).read());
    expect(e.message).toMatch(/get an admin token failed: HTTP 401 invalid_grant Invalid user credentials/);
    expect(e.message).not.toContain(PASSWORD);
    delete process.env.KC_TEST_PASSWORD;
    expect(() => keycloakClient(CONFIG, { dispatcher: agent })).toThrow(
      expect.objectContaining({
        code: "ERR_JWK_INVALID_INPUT",
        message: expect.stringMatching(/client.adminPasswordEnv: .*KC_TEST_PASSWORD, which is not set/),
      }),
    );
  });

  it("an expired admin token (401) is replaced once and the call repeated", async () => {
    token("stale");
    kc()
      .intercept({ path: `${CLIENTS}?clientId=app`, method: "GET" })
      .reply(401, { error: "HTTP 401 Unauthorized" }, { headers: JSON_HEADERS });
    token();
    list(representation({}));
    expect(await keycloakClient(CONFIG, { dispatcher: agent }).read()).toBeDefined();
    expect(seen(agent, { method: "POST" })).toHaveLength(2);
  });
});

describe("keycloakClient: someone else's key goes back exactly as read", () => {
  let agent: MockAgent;
  beforeEach(() => {
    agent = newAgent();
    process.env.KC_TEST_USER = "admin";
    process.env.KC_TEST_PASSWORD = PASSWORD;
  });
  afterEach(async () => {
    agent.assertNoPendingInterceptors();
    await agent.close();
  });

  it("a foreign key with a private member and an empty member is PUT back deep-equal, not stripped", async () => {
    const theirsAsRead = { ...theirs, d: "their-private-d", x5c: null };
    const before = representation({ "use.jwks.string": "true", "jwks.string": JSON.stringify({ keys: [theirsAsRead] }) });
    const kc = agent.get(ORIGIN);
    kc.intercept({ path: TOKEN_PATH, method: "POST" }).reply(
      200,
      { access_token: "admin-token-1", token_type: "Bearer", expires_in: 60 },
      { headers: JSON_HEADERS },
    );
    kc.intercept({ path: `${CLIENTS}?clientId=app`, method: "GET" }).reply(200, [before], { headers: JSON_HEADERS });
    kc.intercept({ path: `${CLIENTS}/4f1c-internal`, method: "PUT" }).reply(204, "");
    kc.intercept({ path: `${CLIENTS}?clientId=app`, method: "GET" }).reply(200, [before], { headers: JSON_HEADERS });
    await keycloakClient(CONFIG, { dispatcher: agent }).apply({ mode: "additive", keys: [mine] }, []);
    const put = JSON.parse(seen(agent, { method: "PUT" })[0]!.body!) as { attributes: Record<string, string> };
    expect(JSON.parse(put.attributes["jwks.string"]!)).toEqual({ keys: [theirsAsRead, mine] });
  });
});

describe("keycloakKind checks", () => {
  it("names missing and unknown members of the reference", () => {
    const failures = keycloakKind.configFailures(
      { kind: "keycloak", url: "http://sso.example.com", clientId: "", password: "x" },
      "client",
    );
    expect(failures.map((f) => f.property).sort()).toEqual(["client.clientId", "client.password", "client.realm", "client.url"]);
  });

  it("refuses auth methods Keycloak has no authenticator for", () => {
    expect(keycloakKind.bindingFailures({ mode: "additive", authMethod: "client_secret_post" }, "keys")).toEqual([
      { property: "auth.method", reason: expect.stringMatching(/declare client_secret_basic/) },
    ]);
    expect(keycloakKind.bindingFailures({ mode: "additive", authMethod: "private_key_jwt" }, "keys")).toEqual([]);
  });
});
