/**
 * A PingOne key rotation policy (PingOne generates and rotates the keys) and an OIDC application whose tokens it
 * signs. Outputs: the current and next public keys, told apart by the time in their UUIDv1 kids, so verifiers can
 * trust the next key before PingOne's scheduled rotation promotes it.
 *
 * Which environment and application: config `environmentId` / `applicationId`, else PINGONE_ENVIRONMENT_ID and
 * PINGONE_APPLICATION_ID; PINGONE_REGION picks com (default), eu, asia or ca. Credentials: the provider reads the
 * worker app's client id and secret from PINGONE_CLIENT_ID and PINGONE_CLIENT_SECRET; they never enter state.
 * PINGONE_API_URL / PINGONE_AUTH_URL point it elsewhere (scripts/example.sh sets them to the emulator).
 * A declared rotation: change `rotation` (pulumi config set rotation 2026-Q2) and run `pulumi up`.
 */
import * as pulumi from "@pulumi/pulumi";
import { ClientKeyBinding, PingOneKeyRotationPolicy, type PingOneRegion } from "pulumi-jwk";

const config = new pulumi.Config();
const setting = (key: string, env: string): string => {
  const value = config.get(key) ?? process.env[env];
  if (!value) throw new Error(`set config ${key} (pulumi config set ${key} ...) or the environment variable ${env}`);
  return value;
};
const optional = (env: string) => (process.env[env] ? process.env[env] : undefined);

const connection = {
  environmentId: setting("environmentId", "PINGONE_ENVIRONMENT_ID"),
  region: (config.get("region") ?? optional("PINGONE_REGION") ?? "com") as PingOneRegion,
  apiUrl: optional("PINGONE_API_URL"),
  authUrl: optional("PINGONE_AUTH_URL"),
};

const policy = new PingOneKeyRotationPolicy("api-signing", {
  ...connection,
  name: "API signing (pulumi-jwk example)",
  dn: "CN=API signing, O=Example",
  keyLength: 2048,
  rotationPeriod: 90,
  validityPeriod: 365,
  rotationTrigger: config.get("rotation") ?? "2026-Q1",
});

const binding = new ClientKeyBinding("web-app-signing", {
  client: { kind: "pingone", ...connection, applicationId: setting("applicationId", "PINGONE_APPLICATION_ID") },
  pingone: { keyRotationPolicyId: policy.policyId },
});

export const policyId = policy.policyId;
export const currentKid = policy.currentKid;
export const nextKid = policy.nextKid;
export const nextKey = policy.nextKey;
export const applicationPolicy = binding.livePingone;
