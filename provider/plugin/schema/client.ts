/**
 * `Client`: the OAuth client a ClientKeyBinding binds keys to, one object type for every client kind
 * (family.ts says why), and the kinds' own sections. Each kind's members mirror its TypeScript config type
 * (clients/rfc7592, vendors/<v>/client.ts): the parity test fails when one gains a member the schema lacks.
 * Adding a client kind: one entry here.
 */
import { familyType, optional, required, type KindMembers } from "./family";
import { ANY, d, NUMBER, ref, STRING, STRINGS, type NamedTypes } from "./spec";

const TIMEOUT = optional(NUMBER, "Timeout of each request, in ms.");

export const CLIENT_MEMBERS: KindMembers = {
  rfc7592: {
    registrationClientUri: required(STRING, "The client's `registration_client_uri`, as the registration response gave it."),
    tokenEnv: optional(STRING, "Environment variable holding the registration access token (default REGISTRATION_ACCESS_TOKEN)."),
    timeoutMs: TIMEOUT,
  },
  keycloak: {
    url: required(STRING, "The server's base URL, e.g. `https://sso.example.com` (with `/auth` for Keycloak before 17)."),
    realm: required(STRING, "The realm the client is in."),
    clientId: required(STRING, "The client's `client_id` (Keycloak's `clientId`, not its internal id)."),
    timeoutMs: TIMEOUT,
    adminRealm: optional(STRING, "Realm the admin authenticates in (default `master`)."),
    adminClientId: optional(STRING, "Client the admin token is requested with (default `admin-cli`)."),
    adminUsernameEnv: optional(STRING, "Environment variable holding the admin user name (default KEYCLOAK_ADMIN_USERNAME)."),
    adminPasswordEnv: optional(STRING, "Environment variable holding the admin password (default KEYCLOAK_ADMIN_PASSWORD)."),
    adminClientSecretEnv: optional(
      STRING,
      "Environment variable holding `adminClientId`'s secret: when set, its service account is used instead of a user.",
    ),
  },
  hydra: {
    adminUrl: required(STRING, "The admin API's base URL, e.g. `http://127.0.0.1:4445` (Hydra serves `/admin/clients` under it)."),
    clientId: required(STRING, "The client's `client_id`."),
    tokenEnv: optional(STRING, "Environment variable holding a bearer token for the admin API (only when a gateway in front wants one)."),
    timeoutMs: TIMEOUT,
  },
  janssen: {
    url: required(STRING, "Base URL of the config-api, e.g. `https://jans.example.com/jans-config-api`."),
    tokenUrl: required(STRING, "Token endpoint for the config-api token, e.g. `https://jans.example.com/jans-auth/restv1/token`."),
    inum: required(STRING, "The client's inum (its client id in Janssen)."),
    clientId: optional(STRING, "The config-api caller's client id (not secret); default: environment variable JANS_CLIENT_ID."),
    clientSecretEnv: optional(STRING, "Environment variable holding the config-api caller's secret (default JANS_CLIENT_SECRET)."),
    timeoutMs: TIMEOUT,
  },
  okta: {
    orgUrl: required(STRING, "Org URL, e.g. `https://acme.okta.com`."),
    appId: required(STRING, "The id of the Okta app (the client)."),
    auth: optional(ref("OktaAuth"), '"ssws" (API token, default) or "bearer" (OAuth access token with okta.apps.read/manage).'),
    tokenEnv: optional(STRING, "Environment variable holding the token (default OKTA_API_TOKEN)."),
    timeoutMs: TIMEOUT,
  },
  pingone: {
    applicationId: required(STRING, "The application (a UUID) whose keys are bound."),
    environmentId: required(STRING, "The environment (a UUID) that holds the policies and applications."),
    region: optional(ref("PingOneRegion"), '"com" (default, North America), "eu", "asia" or "ca".'),
    apiUrl: optional(STRING, "Overrides the region's Management API base (`https://api.pingone.<tld>/v1`), e.g. for an emulator."),
    authUrl: optional(STRING, "Overrides the region's auth host (`https://auth.pingone.<tld>`)."),
    workerEnvironmentId: optional(STRING, "The worker app's environment when it is not `environmentId` (an administrators' environment)."),
    clientId: optional(STRING, "The worker app's client id; default the environment variable PINGONE_CLIENT_ID."),
    clientSecretEnv: optional(STRING, "The variable that holds the worker app's secret (default PINGONE_CLIENT_SECRET)."),
  },
  reachfive: {
    url: required(STRING, "The account's domain, e.g. https://acme.reach5.net."),
    clientId: required(
      STRING,
      "The client whose signing pair the binding governs (not the management client, which comes from the environment).",
    ),
  },
};

export const CLIENT_TYPES: NamedTypes = {
  Client: familyType(
    'The client, e.g. `{ kind: "rfc7592", registrationClientUri }`. Credentials are never part of it: each kind\n' +
      "reads them from environment variables the reference names (`tokenEnv`, ...).",
    "ClientKind",
    CLIENT_MEMBERS,
  ),
  BindingAuth: {
    type: "object",
    description: "Token endpoint auth settings of a binding.",
    properties: {
      method: d(
        ref("TokenEndpointAuthMethod"),
        '`token_endpoint_auth_method`, e.g. "private_key_jwt"; absent leaves the client\'s as it is.',
      ),
      signingAlg: d(ref("ClientAssertionAlg"), '`token_endpoint_auth_signing_alg`, e.g. "ES256"; absent leaves the client\'s as it is.'),
    },
  },
  PingOneSigning: {
    type: "object",
    description: "The section of a binding of kind `pingone`, declared, and as read back from the application.",
    properties: {
      keyRotationPolicyId: d(
        STRING,
        "The policy's id (`PingOneKeyRotationPolicy.policyId`); read back, the policy the application is on now.",
      ),
    },
    required: ["keyRotationPolicyId"],
  },
  ReachFiveKeyPairSection: {
    type: "object",
    description: "`reachfive` clients only: which server-generated pair signs the client's tokens.",
    properties: {
      keyPair: d(
        ref("ReachFiveKeyPair"),
        '"global": synced to the account pair (PUT .../keys). "client-specific": its own pair (POST .../keys).',
      ),
      rotationTrigger: d(ANY, "client-specific only: any value; changing it rotates the client's own pair on the next up (one POST)."),
      revokeKids: d(STRINGS, "Kids to revoke (DELETE .../jwks/{kid}); the pair signing the client's tokens cannot be revoked."),
    },
    required: ["keyPair"],
  },
  ReachFiveKey: {
    type: "object",
    description: "reachfive: the pair signing the client's tokens as read back.",
    properties: {
      keyPair: d(STRING, '"global" or "client-specific".'),
      kid: d(STRING, "The kid signing the client's tokens."),
    },
    required: ["keyPair"],
  },
  BindingDrift: {
    type: "object",
    description: "How the client differs from the binding. Empty lists mean no drift.",
    properties: {
      missing: d(STRINGS, "Bound kids the client does not have."),
      changed: d(STRINGS, "Bound kids the client has with other content, or holds without accepting them (e.g. INACTIVE keys)."),
      unexpected: d(STRINGS, "Keys on the client that were not bound (exclusive mode only; additive mode leaves them alone)."),
      settings: d(
        STRINGS,
        'Declared settings the client no longer has: "authMethod", "signingAlg", "jwksUri", or a kind section\'s ("<section>.<member>").',
      ),
      notes: d(STRINGS, "What each kind-specific setting drift means and what up does about it (the kind's `section.drift`)."),
    },
    required: ["missing", "changed", "unexpected", "settings"],
  },
};
