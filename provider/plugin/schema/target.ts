/**
 * `Target`: where a JwkSet publishes, one object type for every target kind (family.ts says why). Each kind's
 * members mirror its TypeScript config type (targets/types.ts, vendors/<v>/target.ts): the parity test fails
 * when one gains a member the schema lacks. Adding a target kind: one entry here.
 */
import { familyType, optional, required, type KindMembers } from "./family";
import { NUMBER, ref, STRING, type NamedTypes } from "./spec";

const TIMEOUT = optional(NUMBER, "Timeout of each request, in ms.");

export const TARGET_MEMBERS: KindMembers = {
  file: {
    path: required(STRING, "Path of the JWKS file; relative paths resolve against the Pulumi program's directory."),
  },
  janssen: {
    url: required(STRING, "Base URL of the config-api, e.g. `https://jans.example.com/jans-config-api`."),
    tokenUrl: required(STRING, "Token endpoint, e.g. `https://jans.example.com/jans-auth/restv1/token`."),
    clientId: optional(STRING, "Client id (not secret); default: environment variable JANS_CLIENT_ID."),
    clientSecretEnv: optional(STRING, "Environment variable holding the client secret (default JANS_CLIENT_SECRET)."),
    keyLifetimeDays: optional(NUMBER, "Janssen requires `exp` on every key: keys we add expire this many days later (default 365)."),
    timeoutMs: TIMEOUT,
  },
  okta: {
    orgUrl: required(STRING, "Org URL, e.g. `https://acme.okta.com`."),
    appId: required(STRING, "The id of the Okta app whose JWKS this is."),
    auth: optional(ref("OktaAuth"), '"ssws" (API token, default) or "bearer" (OAuth access token with okta.apps.read/manage).'),
    tokenEnv: optional(STRING, "Environment variable holding the token (default OKTA_API_TOKEN)."),
    timeoutMs: TIMEOUT,
  },
  url: {
    url: required(STRING, "The JWKS URL: https, or http to a loopback host."),
    timeoutMs: optional(NUMBER, "Timeout of each read of the URL, in ms (default 10000)."),
    waitSeconds: optional(NUMBER, "How long `up` waits for the declared keys to be served before failing (default 60; 0 checks once)."),
  },
};

export const TARGET_TYPES: NamedTypes = {
  Target: familyType(
    'Where a JWK Set lives, e.g. `{ kind: "file", path: "public/.well-known/jwks.json" }`. Credentials are never\n' +
      "part of it: adapters read them from environment variables it names.",
    "TargetKind",
    TARGET_MEMBERS,
  ),
};
