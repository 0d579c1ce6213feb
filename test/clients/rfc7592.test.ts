/**
 * The rfc7592 client kind against a real oidc-provider (in this process, 127.0.0.1): binding keys through
 * RFC 7592 registration management, registration token rotation on PUT, an unknown client, and the bound key
 * accepted for private_key_jwt while an unbound one is refused.
 */
import type { MockAgent } from "undici";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as jose from "jose";
import { rfc7592Client } from "../../provider/clients/rfc7592/rfc7592";
import type { RotatedCredentials } from "../../provider/clients/types";
import { bindClient, releaseBinding } from "../resources/binding/parsed";
import { requestClientCredentialsToken } from "../oauth/client-assertion";
import { startOidcServer, type OidcServer } from "../oauth/oidc-server";
import { JSON_HEADERS, newAgent, seen } from "../http/mock-http";

let op: OidcServer;
beforeAll(async () => {
  op = await startOidcServer();
});
afterAll(() => op.close());

async function key(kid: string, alg = "ES256") {
  const { privateKey } = await jose.generateKeyPair(alg, { extractable: true });
  const privateJwk = { ...(await jose.exportJWK(privateKey)), kid, alg, use: "sig" };
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = privateJwk;
  return { privateJwk, publicJwk: publicJwk as typeof publicJwk & { kid: string; kty: string } };
}

function memoryStore(): RotatedCredentials & { values: Record<string, string> } {
  const values: Record<string, string> = {};
  return { values, get: (n) => values[n], set: (n, v) => void (values[n] = v) };
}

describe("rfc7592 on oidc-provider", () => {
  it("binds a key the server then accepts, keeps the rotated registration token, refuses an unbound key", async () => {
    const client = await op.register();
    process.env.RFC7592_TEST_TOKEN = client.registrationAccessToken;
    const rotated = memoryStore();
    const config = { kind: "rfc7592" as const, registrationClientUri: client.registrationClientUri, tokenEnv: "RFC7592_TEST_TOKEN" };
    const bound = await key("bound-1");
    const outs = await bindClient(
      { client: config, keys: [bound.publicJwk], auth: { method: "private_key_jwt", signingAlg: "ES256" } },
      [],
      rfc7592Client(config, { rotated }),
    );
    expect(outs.kids).toEqual(["bound-1"]);
    expect(outs.authMethod).toBe("private_key_jwt");
    expect(outs.signingAlg).toBe("ES256");
    // oidc-provider rotated the registration access token on the PUT: the old one in the variable is dead.
    expect(rotated.values.RFC7592_TEST_TOKEN).toBeDefined();
    expect(rotated.values.RFC7592_TEST_TOKEN).not.toBe(client.registrationAccessToken);

    const request = { issuer: op.issuer, tokenEndpoint: op.tokenEndpoint, clientId: client.clientId };
    const ok = await requestClientCredentialsToken({ ...request, privateJwk: bound.privateJwk });
    expect(ok.ok).toBe(true);
    const stranger = await key("stranger");
    const refused = await requestClientCredentialsToken({ ...request, privateJwk: stranger.privateJwk });
    expect(refused).toMatchObject({ ok: false, error: "invalid_client" });

    // A second operation with the stale variable still works: the rotated token is preferred.
    const warnings: string[] = [];
    const after = await releaseBinding(outs, rfc7592Client(config, { rotated }), (_s, m) => void warnings.push(m));
    expect(after?.keys).toEqual([]);
    expect(warnings.join("\n")).toMatch(/still authenticates with private_key_jwt but has no key left/);
    // No request body carried a private member of the bound key.
    const d = bound.privateJwk.d!;
    expect(op.requests.some((r) => r.body.includes(d))).toBe(false);
  });

  // RFC 7592 answers 401 for an unknown client as for a bad token: an error naming the client, never "client gone"
  // (which would let a destroy drop the binding; see rfc7592-credentials.test.ts).
  it("names the client that does not exist (an ambiguous 401) and changes nothing", async () => {
    const client = await op.register();
    process.env.RFC7592_TEST_TOKEN = client.registrationAccessToken;
    const config = {
      kind: "rfc7592" as const,
      registrationClientUri: `${op.registrationEndpoint}/no-such-client`,
      tokenEnv: "RFC7592_TEST_TOKEN",
    };
    const k = await key("k");
    const writes = op.requests.filter((r) => r.method === "PUT").length;
    await expect(bindClient({ client: config, keys: [k.publicJwk] }, [], rfc7592Client(config))).rejects.toMatchObject({
      code: "ERR_JWKS_HTTP",
      status: 401,
      message: expect.stringContaining("/reg/no-such-client"),
    });
    expect(op.requests.filter((r) => r.method === "PUT").length).toBe(writes);
  });
});

describe("rfc7592: someone else's key the server would refuse as read", () => {
  const uri = "https://op.test/reg/c1";
  let agent: MockAgent;
  beforeEach(() => {
    agent = newAgent();
    process.env.RFC7592_MOCK_TOKEN = "registration-token";
  });
  afterEach(async () => {
    agent.assertNoPendingInterceptors();
    await agent.close();
  });

  it("a foreign key with private members is never stripped: the PUT is refused before sending, naming the kid and why", async () => {
    const theirs = await key("theirs");
    agent
      .get("https://op.test")
      .intercept({ path: "/reg/c1", method: "GET" })
      .reply(200, { client_id: "c1", jwks: { keys: [theirs.privateJwk] } }, { headers: JSON_HEADERS });
    const mine = await key("mine");
    const config = { kind: "rfc7592" as const, registrationClientUri: uri, tokenEnv: "RFC7592_MOCK_TOKEN" };
    const error = await rfc7592Client(config, { dispatcher: agent })
      .apply({ mode: "additive", keys: [mine.publicJwk] }, [])
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ERR_JWKS_FOREIGN_KEY_UNWRITABLE", refused: [{ kid: "theirs" }] });
    expect((error as Error).message).toMatch(/key "theirs": it carries private members \(d\)/);
    expect((error as Error).message).not.toContain(theirs.privateJwk.d!);
    expect(seen(agent, { method: "PUT" })).toEqual([]);
  });
});
