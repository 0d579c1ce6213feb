/**
 * Refresh reads of Keycloak clients (keycloakClient `readListed`) against a MockAgent, counting requests: the
 * clients of one realm read at once cost one token and one `GET /admin/realms/{realm}/clients?first=&max=` page
 * per 500, with the same bindings as `?clientId=` reads; a client the list lacks is found singly.
 */
import { generateKeyPairSync } from "node:crypto";
import type { MockAgent } from "undici";
import { afterEach, beforeEach, expect, test } from "vitest";
import { KEYCLOAK_PAGE_SIZE, keycloakClient } from "../../../provider/vendors/keycloak/client";
import { JSON_HEADERS, newAgent, sequence } from "../../http/mock-http";

let agent: MockAgent;
let origin: string;
let n = 0;
beforeEach(() => {
  agent = newAgent();
  origin = `https://sso-${++n}.test`; // listings and tokens live for the process: each test its own server
  process.env.KC_LIST_USER = "admin";
  process.env.KC_LIST_PASSWORD = "kc-list-password";
});
afterEach(async () => {
  agent.assertNoPendingInterceptors();
  await agent.close();
});

const CLIENTS = "/admin/realms/demo/clients";
const jwk = (kid: string) => ({
  ...(generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "jwk" }) as Record<string, string>),
  kid,
  use: "sig",
  alg: "ES256",
});
const representation = (clientId: string) => ({
  id: `${clientId}-internal`,
  clientId,
  clientAuthenticatorType: "client-jwt",
  publicClient: false,
  attributes: {
    "use.jwks.string": "true",
    "jwks.string": JSON.stringify({ keys: [jwk(`k-${clientId}`)] }),
    "token.endpoint.auth.signing.alg": "ES256",
  },
});
const open = (clientId: string) =>
  keycloakClient(
    { kind: "keycloak", url: origin, realm: "demo", clientId, adminUsernameEnv: "KC_LIST_USER", adminPasswordEnv: "KC_LIST_PASSWORD" },
    { dispatcher: agent },
  );
const reply = (path: string, body: object) =>
  agent.get(origin).intercept({ path, method: "GET" }).reply(200, body, { headers: JSON_HEADERS });

test("the clients of one realm read at once: one token, one page per 500, the same bindings as single reads", async () => {
  agent
    .get(origin)
    .intercept({ path: "/realms/master/protocol/openid-connect/token", method: "POST" })
    .reply(200, { access_token: "t", token_type: "Bearer", expires_in: 60 }, { headers: JSON_HEADERS });
  const ids = Array.from({ length: 501 }, (_, i) => `c${i}`);
  const docs = ids.map(representation);
  reply(`${CLIENTS}?first=0&max=${KEYCLOAK_PAGE_SIZE}`, docs.slice(0, 500));
  reply(`${CLIENTS}?first=500&max=${KEYCLOAK_PAGE_SIZE}`, docs.slice(500));
  reply(`${CLIENTS}?clientId=new`, [representation("new")]);
  const listed = await Promise.all([...ids, "new"].map((id) => open(id).readListed()));
  // The call history leaves out the query; the interceptors above matched it.
  expect(sequence(agent).filter((s) => s.endsWith(CLIENTS))).toHaveLength(3);
  expect(sequence(agent)).toHaveLength(4);

  reply(`${CLIENTS}?clientId=c500`, [docs[500]!]);
  expect(await open("c500").read()).toEqual(listed[500]);
  expect(listed[500]).toEqual({
    keys: [JSON.parse(docs[500]!.attributes["jwks.string"]).keys[0]],
    authMethod: "private_key_jwt",
    signingAlg: "ES256",
  });
});
