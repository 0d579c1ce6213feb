/**
 * ClientKeyBinding on a real Keycloak 26 (started once per run by scripts/lib/servers.sh): a client of a fresh
 * realm with Signed JWT authentication, bound, rotated, drifted, destroyed (binding-scenario.ts), and a client
 * that does not exist. The tests fail, not skip, when the server is absent.
 */
import { before, test } from "node:test";
import { requestClientCredentialsToken } from "../oauth/client-assertion";
import { KEYCLOAK_ENV, KeycloakAdmin } from "../oauth/keycloak-admin";
import { bindRotateDriftDestroy, missingClientChangesNothing, type BindingServer } from "./binding-scenario";

let server: BindingServer;

before(async () => {
  const admin = new KeycloakAdmin();
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
    token: (clientId, privateJwk) =>
      requestClientCredentialsToken({ issuer: admin.issuer(realm), tokenEndpoint: admin.tokenEndpoint(realm), clientId, privateJwk }),
  };
});

test("keycloak: bound key gets a token, unbound refused; rotation; drift repaired; others' keys kept; no private material sent", () =>
  bindRotateDriftDestroy(server));

test("keycloak: a client that does not exist is named in the error and nothing is written", () => missingClientChangesNothing(server));
