/**
 * The vendors' own resources: `jwk:index:PingOneKeyRotationPolicy` (provider/vendors/pingone/key-rotation-policy/
 * key-rotation-policy.ts is its TypeScript twin) and `jwk:index:ReachFiveAccountKey` (provider/vendors/reachfive/
 * account-key/account-key.ts).
 */
import { ANY, d, dynamicToken, INTEGER, listOf, ref, STRING, STRINGS, stringEnum, type PropertySpec, type SchemaResource } from "./spec";
import { JWK_JSON } from "./keys";

/** Where the policy lives and how it is reached: the inputs (the Args' descriptions). */
const CONNECTION: Record<string, PropertySpec> = {
  environmentId: d(STRING, "The environment (UUID) that holds the policy."),
  region: d(ref("PingOneRegion"), '"com" (default), "eu", "asia" or "ca": picks `api.pingone.<tld>` and `auth.pingone.<tld>`.'),
  apiUrl: d(STRING, "Overrides the Management API base (default `https://api.pingone.<tld>/v1`), e.g. an emulator."),
  authUrl: d(STRING, "Overrides the auth host (default `https://auth.pingone.<tld>`)."),
  workerEnvironmentId: d(STRING, "The worker app's environment, when not `environmentId`."),
  clientId: d(STRING, "The worker app's client id (default: the environment variable PINGONE_CLIENT_ID)."),
  clientSecretEnv: d(STRING, "The environment variable holding the worker app's secret (default PINGONE_CLIENT_SECRET)."),
};

/** The same, as stored (PingOneConnection's descriptions). */
const STORED_CONNECTION: Record<string, PropertySpec> = {
  environmentId: d(STRING, "The environment (a UUID) that holds the policies and applications."),
  region: d(ref("PingOneRegion"), '"com" (default, North America), "eu", "asia" or "ca".'),
  apiUrl: d(STRING, "Overrides the region's Management API base (`https://api.pingone.<tld>/v1`), e.g. for an emulator."),
  authUrl: d(STRING, "Overrides the region's auth host (`https://auth.pingone.<tld>`)."),
  workerEnvironmentId: d(STRING, "The worker app's environment when it is not `environmentId` (an administrators' environment)."),
  clientId: d(STRING, "The worker app's client id; default the environment variable PINGONE_CLIENT_ID."),
  clientSecretEnv: d(STRING, "The variable that holds the worker app's secret (default PINGONE_CLIENT_SECRET)."),
};

const POLICY_INPUTS: Record<string, PropertySpec> = {
  ...CONNECTION,
  name: d(STRING, "Shown in the admin console."),
  dn: d(STRING, 'Issuer and subject DN of the self-signed KrpKey certificates, e.g. "CN=Signing, O=Example".'),
  algorithm: d(STRING, '"RSA" (the only one PingOne has; default).'),
  keyLength: d(INTEGER, "RSA bits: 2048 (default), 3072 or 4096. A change applies to keys generated from the next rotation on."),
  signatureAlgorithm: d(STRING, '"SHA256withRSA" (the only one; default).'),
  usageType: d(STRING, '"SIGNING" (the only one; default).'),
  rotationPeriod: d(INTEGER, "Days between rotations: at least 30, at most validityPeriod - 1 (default 90)."),
  validityPeriod: d(INTEGER, "Days each key is valid (default 365)."),
  rotationTrigger: d(ANY, "Any value; changing it replaces the policy (new current and next keys; bindings follow its new id)."),
};

export const PINGONE_POLICY: SchemaResource = {
  name: "PingOneKeyRotationPolicy",
  spec: {
    description: "A key rotation policy in a PingOne environment. PingOne generates and holds the key pairs.",
    inputProperties: POLICY_INPUTS,
    requiredInputs: ["environmentId", "name", "dn"],
    properties: {
      ...STORED_CONNECTION,
      rotationTrigger: POLICY_INPUTS.rotationTrigger,
      policyId: d(STRING, "The policy's id in PingOne."),
      fields: d(ref("PingOnePolicyFields"), "The fields as PingOne held them at the last up or refresh."),
      declared: d(
        ref("PingOnePolicyFields"),
        "The fields as declared at the last up (defaults applied), which refresh compares PingOne's with.",
      ),
      drift: d(STRINGS, "Fields PingOne holds with another value than declared (console edits found by refresh; up repairs them)."),
      currentKid: d(STRING, "The kid of the key signing now."),
      nextKid: d(STRING, "The kid of the key the next rotation promotes."),
      currentKey: d(JWK_JSON, "The public JWK signing now, and the one the next rotation promotes."),
      nextKey: d(JWK_JSON, "The public JWK the next rotation promotes."),
      keys: d(
        listOf(ref("PingOnePolicyKey")),
        "Every key the policy publishes, oldest first, with its role and the time its UUIDv1 kid carries.",
      ),
      rotatedAt: d(STRING, "When PingOne last rotated the policy's keys."),
    },
    required: ["environmentId", "policyId", "fields", "declared", "drift", "currentKid", "nextKid", "currentKey", "nextKey", "keys"],
    aliases: [dynamicToken("PingOneKeyRotationPolicy")],
  },
  types: {
    PingOnePolicyFields: {
      type: "object",
      description: "A PingOne key rotation policy's fields.",
      properties: {
        name: POLICY_INPUTS.name,
        dn: POLICY_INPUTS.dn,
        algorithm: POLICY_INPUTS.algorithm,
        keyLength: POLICY_INPUTS.keyLength,
        signatureAlgorithm: POLICY_INPUTS.signatureAlgorithm,
        usageType: POLICY_INPUTS.usageType,
        rotationPeriod: POLICY_INPUTS.rotationPeriod,
        validityPeriod: POLICY_INPUTS.validityPeriod,
      },
      required: ["name", "dn", "algorithm", "keyLength", "signatureAlgorithm", "usageType", "rotationPeriod", "validityPeriod"],
    },
    PingOnePolicyKeyRole: stringEnum("A policy key's role.", ["current", "next", "previous"]),
    PingOnePolicyKey: {
      type: "object",
      description: "One key a PingOne key rotation policy publishes.",
      properties: {
        kid: d(STRING, "The key's kid (a UUIDv1)."),
        role: d(ref("PingOnePolicyKeyRole"), "Whether it signs now (current), signs after the next rotation (next), or signed before."),
        createdAt: d(STRING, "ISO 8601, from the kid's UUIDv1 timestamp."),
        jwk: d(JWK_JSON, "The public JWK."),
      },
      required: ["kid", "role", "createdAt", "jwk"],
    },
  },
};

export const REACHFIVE_ACCOUNT_KEY: SchemaResource = {
  name: "ReachFiveAccountKey",
  spec: {
    description:
      "The global key pair that signs the tokens of every ReachFive client synced to it. ReachFive keeps the private key.\n" +
      "Management credentials: `REACHFIVE_MANAGEMENT_CLIENT_ID` and `REACHFIVE_MANAGEMENT_CLIENT_SECRET`.",
    inputProperties: {
      url: d(STRING, "The account's domain, e.g. `https://acme.reach5.net`. Another URL is another account (replace)."),
      rotationTrigger: d(
        ANY,
        "Any value; changing it rotates the account pair on the next up (one `POST /api/v1/site/keys`). Creating the\n" +
          "resource adopts the current pair and rotates nothing.",
      ),
    },
    requiredInputs: ["url"],
    properties: {
      url: d(STRING, "The ReachFive account's domain, e.g. https://acme.reach5.net."),
      rotationTrigger: d(ANY, "Any value; changing it rotates the account pair on the next up (POST /api/v1/site/keys, once)."),
      kid: d(STRING, "The current pair's kid."),
      publicJwk: d(JWK_JSON, "The current pair's public JWK as /jwks.json publishes it."),
      drift: d(STRING, "Set by refresh when the pair changed outside this stack; says what happened and what up can and cannot do."),
    },
    required: ["url", "kid", "publicJwk"],
    aliases: [dynamicToken("ReachFiveAccountKey")],
  },
};
