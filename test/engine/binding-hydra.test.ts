/**
 * ClientKeyBinding on a real Ory Hydra v2.3 (built from the Go proxy, started once per run by
 * scripts/lib/servers.sh): a private_key_jwt client bound, rotated, drifted, destroyed (binding-scenario.ts), and
 * a client that does not exist. The tests fail, not skip, when the server is absent.
 */
import { before, test } from "node:test";
import { requestClientCredentialsToken } from "../oauth/client-assertion";
import { HydraAdmin } from "../oauth/hydra-admin";
import { bindByJwksUri } from "./binding-jwks-uri-scenario";
import { bindRotateDriftDestroy, missingClientChangesNothing, type BindingServer } from "./binding-scenario";
import { fourBindingsOneClient } from "./binding-queue-scenario";

let server: BindingServer;

before(() => {
  const admin = new HydraAdmin();
  server = {
    name: "hydra",
    adminOrigin: admin.adminUrl,
    alg: "RS256",
    clientRef: (origin, clientId) => ({ kind: "hydra", adminUrl: origin, clientId }),
    createClient: (clientId, keys) => admin.createClient(clientId, { keys, signingAlg: "RS256" }),
    keys: (clientId) => admin.keys(clientId),
    setKeys: (clientId, keys) => admin.setKeys(clientId, keys),
    jwksUri: (clientId) => admin.jwksUri(clientId),
    token: (clientId, privateJwk) =>
      requestClientCredentialsToken({ issuer: admin.publicUrl, tokenEndpoint: admin.tokenEndpoint, clientId, privateJwk }),
  };
});

test("hydra: bound key gets a token, unbound refused; rotation; drift repaired; others' keys kept; no private material sent", () =>
  bindRotateDriftDestroy(server));

test("hydra: a client that does not exist is named in the error and nothing is written", () => missingClientChangesNothing(server));

test("hydra: a client bound by jwksUri fetches its key from the URL; destroy takes the URL off", () => bindByJwksUri(server));

test("hydra: four Jwks and four additive bindings on one client in one program keep all four keys", () => fourBindingsOneClient(server));
