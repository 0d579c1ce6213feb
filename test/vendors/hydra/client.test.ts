/**
 * The hydra client kind: reading a client (jwks, jwks_uri, auth settings), the JSON Patch it sends (both key
 * fields set, so Hydra never holds jwks and jwks_uri together), the calls against a MockAgent (no credential
 * unless tokenEnv names one), Hydra's error bodies, and what Hydra cannot store or verify.
 */
import { generateKeyPairSync } from "node:crypto";
import type { MockAgent } from "undici";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hydraClient, hydraKind, hydraPatch, processHydraClient, type HydraClientConfig } from "../../../provider/vendors/hydra/client";
import type { PublicJwk } from "../../../provider/core/keys/material";
import type { HttpResponse } from "../../../provider/http/send";
import { JSON_HEADERS, newAgent, rejectionOf, seen, sequence } from "../../http/mock-http";

const ORIGIN = "http://127.0.0.1:4445";
const CONFIG: HydraClientConfig = { kind: "hydra", adminUrl: ORIGIN, clientId: "app" };
const CLIENT = "/admin/clients/app";

function ecKey(kid: string): PublicJwk {
  const jwk = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "jwk" }) as Record<string, string>;
  return { kty: "EC", crv: "P-256", x: jwk.x!, y: jwk.y!, kid, use: "sig", alg: "ES256" };
}
const response = (body: unknown): HttpResponse => ({ status: 200, headers: {}, body });
const [mine, theirs] = [ecKey("mine"), ecKey("theirs")];
const hydraDoc = (extra: Record<string, unknown>) => ({
  client_id: "app",
  grant_types: ["client_credentials"],
  token_endpoint_auth_method: "private_key_jwt",
  metadata: {},
  ...extra,
});

describe("processHydraClient", () => {
  it("reads the keys (private members dropped) and the auth settings", () => {
    const live = processHydraClient(
      "h",
      response(hydraDoc({ jwks: { keys: [{ ...theirs, d: "x" }] }, token_endpoint_auth_signing_alg: "ES256" })),
    );
    expect(live).toEqual({ keys: [theirs], authMethod: "private_key_jwt", signingAlg: "ES256" });
  });

  it("an empty jwks object (a client bound by jwks_uri) has no keys", () => {
    expect(processHydraClient("h", response(hydraDoc({ jwks: {}, jwks_uri: "https://app.test/jwks" })))).toEqual({
      keys: [],
      jwksUri: "https://app.test/jwks",
      authMethod: "private_key_jwt",
    });
  });

  it("Hydra's own 404 is no client; any other 404 (not the admin API) is an error, never a deleted client", () => {
    const notFound = { status: 404, headers: {}, body: { error: "Unable to locate the resource", error_description: "" } };
    expect(processHydraClient("h", notFound)).toBeUndefined();
    expect(() => processHydraClient("h", { status: 404, headers: {}, body: "404 page not found" })).toThrow(
      expect.objectContaining({
        code: "ERR_JWKS_CLIENT_RESPONSE",
        message: expect.stringMatching(/not Hydra's admin API: check client.adminUrl/),
      }),
    );
  });

  it("a body that is not a client, or a jwks that is not a set, is an error naming the client", () => {
    expect(() => processHydraClient("hydra client x", response([]))).toThrow(
      expect.objectContaining({ code: "ERR_JWKS_CLIENT_RESPONSE", message: expect.stringMatching(/^hydra client x: read the client/) }),
    );
    expect(() => processHydraClient("h", response(hydraDoc({ jwks: { keys: "no" } })))).toThrow(/"jwks" is not a JWK Set/);
  });
});

describe("hydraPatch", () => {
  it("keys: clears jwks_uri, sets jwks and the auth settings", () => {
    expect(hydraPatch({ keys: [mine], authMethod: "private_key_jwt", signingAlg: "ES256" })).toEqual([
      { op: "add", path: "/jwks_uri", value: "" },
      { op: "add", path: "/jwks", value: { keys: [mine] } },
      { op: "add", path: "/token_endpoint_auth_method", value: "private_key_jwt" },
      { op: "add", path: "/token_endpoint_auth_signing_alg", value: "ES256" },
    ]);
  });

  it("jwksUri: clears jwks with null (Hydra decodes the patched document over the stored client)", () => {
    expect(hydraPatch({ keys: [], jwksUri: "https://app.test/jwks" })).toEqual([
      { op: "add", path: "/jwks", value: null },
      { op: "add", path: "/jwks_uri", value: "https://app.test/jwks" },
    ]);
  });
});

describe("hydraClient over HTTP", () => {
  let agent: MockAgent;
  beforeEach(() => {
    agent = newAgent();
  });
  afterEach(async () => {
    agent.assertNoPendingInterceptors();
    await agent.close();
  });
  const hydra = () => agent.get(ORIGIN);
  const get = (body: object) => hydra().intercept({ path: CLIENT, method: "GET" }).reply(200, body, { headers: JSON_HEADERS });

  it("reads, sends one JSON Patch with only the binding's fields, reads back; no credential by default", async () => {
    get(hydraDoc({ jwks: { keys: [theirs] } }));
    hydra()
      .intercept({ path: CLIENT, method: "PATCH" })
      .reply(200, hydraDoc({ jwks: { keys: [theirs, mine] } }), { headers: JSON_HEADERS });
    get(hydraDoc({ jwks: { keys: [theirs, mine] } }));
    const live = await hydraClient(CONFIG, { dispatcher: agent }).apply({ mode: "additive", keys: [mine] }, []);
    expect(live.keys.map((k) => k.kid)).toEqual(["theirs", "mine"]);
    expect(sequence(agent)).toEqual([`GET ${ORIGIN}${CLIENT}`, `PATCH ${ORIGIN}${CLIENT}`, `GET ${ORIGIN}${CLIENT}`]);
    const patch = seen(agent, { method: "PATCH" })[0]!;
    expect(patch.headers["content-type"]).toBe("application/json-patch+json");
    expect(patch.headers.authorization).toBeUndefined();
    expect(JSON.parse(patch.body!)).toEqual([
      { op: "add", path: "/jwks_uri", value: "" },
      { op: "add", path: "/jwks", value: { keys: [theirs, mine] } },
      { op: "add", path: "/token_endpoint_auth_method", value: "private_key_jwt" },
    ]);
  });

  it("sends the bearer token tokenEnv names; an unset variable names the property", async () => {
    process.env.HYDRA_TEST_TOKEN = "gateway-token";
    hydra()
      .intercept({ path: CLIENT, method: "GET", headers: { authorization: "Bearer gateway-token" } })
      .reply(200, hydraDoc({}), { headers: JSON_HEADERS });
    expect((await hydraClient({ ...CONFIG, tokenEnv: "HYDRA_TEST_TOKEN" }, { dispatcher: agent }).read())?.keys).toEqual([]);
    delete process.env.HYDRA_TEST_TOKEN;
    expect(() => hydraClient({ ...CONFIG, tokenEnv: "HYDRA_TEST_TOKEN" })).toThrow(/client.tokenEnv: .*HYDRA_TEST_TOKEN, which is not set/);
  });

  it("a client that does not exist (404) reads as none; apply names it and sends no PATCH", async () => {
    hydra()
      .intercept({ path: CLIENT, method: "GET" })
      .reply(404, { error: "Unable to locate the resource", error_description: "" }, { headers: JSON_HEADERS })
      .times(2);
    expect(await hydraClient(CONFIG, { dispatcher: agent }).read()).toBeUndefined();
    const e = await rejectionOf(hydraClient(CONFIG, { dispatcher: agent }).apply({ mode: "additive", keys: [mine] }, []));
    expect(e.code).toBe("ERR_JWKS_CLIENT_NOT_FOUND");
    expect(e.message).toMatch(/hydra client "app" at http:\/\/127.0.0.1:4445 does not exist/);
    expect(seen(agent, { method: "PATCH" })).toEqual([]);
  });

  it("a refused patch fails with Hydra's error code and hint", async () => {
    get(hydraDoc({}));
    hydra().intercept({ path: CLIENT, method: "PATCH" }).reply(
      400,
      {
        error: "invalid_client_metadata",
        error_description: "The value of one of the Client Metadata fields is invalid. Invalid JSON web key in set.",
      },
      { headers: JSON_HEADERS },
    );
    const e = await rejectionOf(hydraClient(CONFIG, { dispatcher: agent }).apply({ mode: "additive", keys: [mine] }, []));
    expect(e.code).toBe("ERR_JWKS_HTTP");
    expect(e.message).toMatch(/update the client failed: HTTP 400 invalid_client_metadata .*Invalid JSON web key in set/);
  });
});

describe("hydraClient: someone else's key goes back exactly as read", () => {
  let agent: MockAgent;
  beforeEach(() => {
    agent = newAgent();
  });
  afterEach(async () => {
    agent.assertNoPendingInterceptors();
    await agent.close();
  });

  it("a foreign key with a private member and an empty member is patched back deep-equal, not stripped", async () => {
    const theirsAsRead = { ...theirs, d: "their-private-d", x5c: null };
    const hydra = agent.get(ORIGIN);
    hydra.intercept({ path: CLIENT, method: "GET" }).reply(200, hydraDoc({ jwks: { keys: [theirsAsRead] } }), { headers: JSON_HEADERS });
    hydra.intercept({ path: CLIENT, method: "PATCH" }).reply(200, hydraDoc({}), { headers: JSON_HEADERS });
    hydra
      .intercept({ path: CLIENT, method: "GET" })
      .reply(200, hydraDoc({ jwks: { keys: [theirsAsRead, mine] } }), { headers: JSON_HEADERS });
    await hydraClient(CONFIG, { dispatcher: agent }).apply({ mode: "additive", keys: [mine] }, []);
    const patch = JSON.parse(seen(agent, { method: "PATCH" })[0]!.body!) as { path: string; value: unknown }[];
    expect(patch.find((op) => op.path === "/jwks")?.value).toEqual({ keys: [theirsAsRead, mine] });
  });
});

describe("hydraKind checks", () => {
  it("names missing and unknown members of the reference", () => {
    const failures = hydraKind.configFailures({ kind: "hydra", adminUrl: "ftp://h", secret: "x" }, "client");
    expect(failures.map((f) => f.property).sort()).toEqual(["client.adminUrl", "client.clientId", "client.secret"]);
  });

  it("refuses what Hydra drops (key_ops) or cannot verify (EdDSA), and unknown methods", () => {
    const ed: PublicJwk = {
      kty: "OKP",
      crv: "Ed25519",
      x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo",
      kid: "ed",
      use: "sig",
      alg: "EdDSA",
    };
    const failures = hydraKind.bindingFailures(
      { mode: "additive", keys: [{ ...mine, key_ops: ["verify"] }, ed], authMethod: "tls_client_auth", signingAlg: "EdDSA" },
      "keys",
    );
    expect(failures.map((f) => f.property)).toEqual(["auth.method", "auth.signingAlg", "keys[0].key_ops"]);
    const authenticating = hydraKind.bindingFailures({ mode: "additive", keys: [ed] }, "keys");
    expect(authenticating).toEqual([
      { property: "keys[0].alg", reason: expect.stringMatching(/Hydra verifies client assertions with RS256/) },
    ]);
    expect(
      hydraKind.bindingFailures({ mode: "additive", keys: [mine], authMethod: "private_key_jwt", signingAlg: "ES256" }, "keys"),
    ).toEqual([]);
  });
});
