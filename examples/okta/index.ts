/**
 * Keys for an Okta OAuth app that authenticates with private_key_jwt: two signing keys (the current one
 * ACTIVE, the next one published INACTIVE ahead of rotation) and an encryption key for ID tokens.
 *
 * Which app: config `orgUrl` and `appId`, else the environment variables OKTA_ORG_URL and OKTA_APP_ID.
 * Credentials: the provider reads the API token from OKTA_API_TOKEN; it never enters inputs or state.
 * Okta keeps an app's ACTIVE encryption key: before `pulumi destroy`, turn ID token encryption off in Okta.
 */
import * as pulumi from "@pulumi/pulumi";
import { Jwk, JwkSet } from "pulumi-jwk";

// No `drift` stack output: stack outputs are computed by `pulumi up` (where drift is always repaired) and
// `pulumi refresh` does not rerun the program, so it would show a stale "none". Refresh prints the drift it
// finds per kid, and the JwkSet's own `drift` output in state holds it.

const config = new pulumi.Config();
const setting = (key: string, env: string): string => {
  const value = config.get(key) ?? process.env[env];
  if (!value) throw new Error(`set config ${key} (pulumi config set ${key} ...) or the environment variable ${env}`);
  return value;
};

const current = new Jwk("signing-current", { alg: "RS256", rotationTrigger: "2026-11" });
const next = new Jwk("signing-next", { alg: "ES256" });
const idTokenEncryption = new Jwk("id-token-encryption", { alg: "RSA-OAEP-256" });
const set = new JwkSet("okta-app-keys", {
  target: { kind: "okta", orgUrl: setting("orgUrl", "OKTA_ORG_URL"), appId: setting("appId", "OKTA_APP_ID") },
  keys: [current.publicJwk, next.publicJwk, idTokenEncryption.publicJwk],
  inactiveKids: [next.kid],
  mode: "additive",
});

export const currentKid = current.kid;
export const nextKid = next.kid;
export const encryptionKid = idTokenEncryption.kid;
export const foreignKids = set.foreignKids;
