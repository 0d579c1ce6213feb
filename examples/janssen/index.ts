/**
 * Keys published to a Janssen server's JWKS through its config-api, next to the server's own keys (additive
 * mode leaves those alone).
 *
 * Which server: config `url` (the config-api base, ending in /jans-config-api) and `tokenUrl`, else the
 * environment variables JANS_URL and JANS_TOKEN_URL. Credentials: the provider reads JANS_CLIENT_ID and
 * JANS_CLIENT_SECRET (client credentials with the jwks.readonly/write/delete scopes); they never enter state.
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

const signing = new Jwk("partner-signing", { alg: "PS256", modulusLength: 3072 });
const encryption = new Jwk("partner-encryption", { alg: "ECDH-ES+A256KW", crv: "P-384" });
const set = new JwkSet("janssen-keys", {
  target: { kind: "janssen", url: setting("url", "JANS_URL"), tokenUrl: setting("tokenUrl", "JANS_TOKEN_URL"), keyLifetimeDays: 180 },
  keys: [signing.publicJwk, encryption.publicJwk],
  mode: "additive",
});

export const signingKid = signing.kid;
export const encryptionKid = encryption.kid;
export const foreignKids = set.foreignKids;
