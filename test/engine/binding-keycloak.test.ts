/**
 * ClientKeyBinding on a real Keycloak 26 (started once per run by scripts/lib/servers.sh): a client of a fresh
 * realm with Signed JWT authentication, bound, rotated, drifted, destroyed (binding-scenario.ts), and a client
 * that does not exist. The tests fail, not skip, when the server is absent.
 */
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { requestClientCredentialsToken } from "../oauth/client-assertion";
import { KEYCLOAK_ENV, KeycloakAdmin } from "../oauth/keycloak-admin";
import { bindByJwksUri } from "./binding-jwks-uri-scenario";
import { bindRotateDriftDestroy, missingClientChangesNothing, type BindingServer } from "./binding-scenario";
import { fourBindingsOneClient } from "./binding-queue-scenario";

let server: BindingServer;
let admin: KeycloakAdmin;

before(async () => {
  admin = new KeycloakAdmin();
  const realm = `jwk-${Date.now().toString(36)}`;
  await admin.createRealm(realm);
  server = {
    name: "keycloak",
    adminOrigin: admin.url,
    alg: "ES256",
    clientRef: (origin, clientId) => ({
      kind: "keycloak",
      url: origin,
      realm,
      clientId,
      adminUsernameEnv: KEYCLOAK_ENV.adminUsername,
      adminPasswordEnv: KEYCLOAK_ENV.adminPassword,
    }),
    createClient: (clientId, keys) => admin.createClient(realm, clientId, { keys, signingAlg: "ES256" }),
    keys: (clientId) => admin.keys(realm, clientId),
    setKeys: (clientId, keys) => admin.setKeys(realm, clientId, keys),
    jwksUri: (clientId) => admin.jwksUri(realm, clientId),
    token: (clientId, privateJwk) =>
      requestClientCredentialsToken({ issuer: admin.issuer(realm), tokenEndpoint: admin.tokenEndpoint(realm), clientId, privateJwk }),
  };
});

test("keycloak: bound key gets a token, unbound refused; rotation; drift repaired; others' keys kept; no private material sent", () =>
  bindRotateDriftDestroy(server));

test("keycloak: a client that does not exist is named in the error and nothing is written", () => missingClientChangesNothing(server));

test("keycloak: a client bound by jwksUri fetches its key from the URL; destroy takes the URL off", () => bindByJwksUri(server));

test("keycloak: the master realm's public JWKS is served at JWK_KEYCLOAK_CERTS_URL, public members only", async () => {
  const { keys } = await admin.certs();
  assert.ok(keys.length > 0, "Keycloak publishes its realm keys");
  for (const k of keys) {
    assert.equal(typeof k.kid, "string");
    assert.equal(k.d, undefined);
  }
});

test("keycloak: four Jwks and four additive bindings on one client in one program keep all four keys", () => fourBindingsOneClient(server));
