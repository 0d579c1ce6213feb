/**
 * The Pulumi package schema of the plugin form: what `pulumi package add` generates SDKs from and what a YAML
 * program is checked against. It describes the same resources as the dynamic front door (jwk.ts, jwkset.ts):
 * test/plugin/schema-parity.test.ts fails when a property, its optionality or its description (the TSDoc text
 * of the dynamic resource's Args interface and class) disagrees.
 *
 * @see https://www.pulumi.com/docs/iac/guides/building-extending/packages/schema/
 */
import { version } from "../version";

/** The package name: type tokens are `jwk:index:<Type>`. */
export const PACKAGE = "jwk";

export type TypeSpec =
  | { type: "string" | "integer" | "boolean" }
  | { type: "array"; items: TypeSpec }
  | { type: "object"; additionalProperties?: TypeSpec }
  | { $ref: string };

export type PropertySpec = TypeSpec & { description: string; secret?: boolean };

export interface ResourceSpec {
  description: string;
  inputProperties: Record<string, PropertySpec>;
  requiredInputs: string[];
  properties: Record<string, PropertySpec>;
  required: string[];
  /** Type tokens this resource had before; the engine treats state under them as this resource. */
  aliases?: { type: string }[];
}

const ANY: TypeSpec = { $ref: "pulumi.json#/Any" };
const STRING: TypeSpec = { type: "string" };
const STRINGS: TypeSpec = { type: "array", items: STRING };
const JSON_OBJECT: TypeSpec = { type: "object", additionalProperties: ANY };
const d = (spec: TypeSpec, description: string, secret?: boolean): PropertySpec =>
  secret ? { ...spec, description, secret } : { ...spec, description };

/** The dynamic form's type token for `type` (stub.ts): old state under it migrates by alias. */
const dynamicToken = (type: string) => ({ type: `pulumi-nodejs:dynamic/pulumi-jwk:${type}` });

const JWK_INPUTS: Record<string, PropertySpec> = {
  alg: d(STRING, "JWS or JWE algorithm: RS256..PS512, ES256..ES512, EdDSA/Ed25519, RSA-OAEP*, ECDH-ES*."),
  crv: d(STRING, "Curve where the algorithm leaves a choice (ECDH-ES: P-256, P-384, P-521 or X25519)."),
  modulusLength: d({ type: "integer" }, "RSA modulus in bits (default 2048; at least 2048)."),
  use: d(STRING, '"sig" or "enc"; must match the algorithm, which implies it when omitted.'),
  keyOps: d(
    STRINGS,
    "Allowed operations (RFC 7517 section 4.3); must belong to the algorithm. Each half carries its own:\n" +
      '["sign", "verify"] gives the private JWK ["sign"] and publishes ["verify"].',
  ),
  kid: d(STRING, "Key ID; the RFC 7638 SHA-256 thumbprint when omitted."),
  privateKeyPem: d(STRING, "Import this private key (PKCS#8, PKCS#1 or SEC1 PEM) instead of generating one. Stored as a secret.", true),
  privateJwk: d(JSON_OBJECT, "Import this private JWK instead of generating one. Stored as a secret.", true),
  rotationTrigger: d(ANY, "Any value; changing it replaces the key with a new one (rotation). Refused with an imported key."),
  certificate: d(
    JSON_OBJECT,
    "Publish a self-signed X.509 certificate for the key: `x5c` with `x5t#S256` (and the SHA-1 `x5t` when\n" +
      "`sha1Thumbprint` is true). Subject defaults to `CN=<kid>`, validity to 365 days. Made again on rotation,\n" +
      "when this input changes, and (same key, new certificate) on the first preview or up within `renewBefore`\n" +
      '(a duration such as "30d") of its expiry. Not for X25519 keys (they cannot sign).',
  ),
  x5c: d(STRINGS, "An imported key's own certificate chain (base64 DER, the key's certificate first); checked against the key."),
  keyUri: d(
    STRING,
    "Keep the private half in a custody backend instead of state: a key URI such as\n" +
      "`vault-transit:name=jwk-signing?address=https://vault.example:8200&token-source=env:VAULT_TOKEN`. The key\n" +
      "is created there (or adopted when it exists) and never leaves it; state holds the public JWK and\n" +
      "`keyReference` only. Refused with privateKeyPem, privateJwk, x5c, certificate and rotationTrigger;\n" +
      "changing it replaces the Jwk. Destroy keeps the key. See docs/custody.md.",
  ),
};

const JWK: ResourceSpec = {
  description:
    "A JSON Web Key pair managed by Pulumi. State holds the public and private JWK (the latter as a secret) and the\n" + "metadata.",
  inputProperties: JWK_INPUTS,
  requiredInputs: ["alg"],
  properties: {
    kid: JWK_INPUTS.kid,
    alg: JWK_INPUTS.alg,
    use: JWK_INPUTS.use,
    crv: d(STRING, "The curve of an EC or OKP key."),
    modulusLength: d({ type: "integer" }, "RSA modulus in bits."),
    keyOps: JWK_INPUTS.keyOps,
    rotationTrigger: JWK_INPUTS.rotationTrigger,
    certificate: d(JSON_OBJECT, "The certificate input it was made from; the certificate itself is only in publicJwk (x5c, x5t#S256)."),
    publicJwk: d(JSON_OBJECT, "The public JWK, as published."),
    privateJwk: d(JSON_OBJECT, "Secret. Undefined for a key in custody (`keyUri`).", true),
    keyUri: d(STRING, "Where the private half lives (a key in custody), as given."),
    keyReference: d(
      JSON_OBJECT,
      "Where a key in custody is: backend, the backend's id for the key, its version. Undefined for a key in state.",
    ),
    imported: d({ type: "boolean" }, "Whether the key was imported (privateKeyPem / privateJwk) rather than generated."),
    thumbprint: d(STRING, "RFC 7638 SHA-256 thumbprint of the key (the kid unless one was given). Derived, not stored."),
    kty: d(STRING, '"RSA", "EC" or "OKP". Derived, not stored.'),
    publicKeyPem: d(STRING, "SPKI PEM of the public key; the same as `publicKeyPem(key.publicJwk)`. Derived, not stored."),
  },
  required: ["kid", "alg", "use", "publicJwk", "imported", "thumbprint", "kty", "publicKeyPem"],
  aliases: [dynamicToken("Jwk")],
};

const JWKSET_INPUTS: Record<string, PropertySpec> = {
  target: d(
    JSON_OBJECT,
    'Where the set lives, e.g. `{ kind: "file", path: "public/.well-known/jwks.json" }`, a Janssen config-api, an\n' +
      "Okta app, or a JWKS URL to check (read-only). Credentials are never part of it: adapters read them from\n" +
      "environment variables it names.",
  ),
  keys: d(
    { type: "array", items: JSON_OBJECT },
    "The public keys to publish, typically `Jwk.publicJwk` outputs. Private members are refused.",
  ),
  mode: d(STRING, '"exclusive": the set is exactly these keys. "additive" (default): keys not declared here are left alone.'),
  inactiveKids: d(STRINGS, "Kids to publish INACTIVE, on targets with a key lifecycle (Okta). Every other key is ACTIVE."),
};

const JWKSET: ResourceSpec = {
  description: "A JWK Set published to a target.",
  inputProperties: JWKSET_INPUTS,
  requiredInputs: ["target", "keys"],
  properties: {
    target: JWKSET_INPUTS.target,
    mode: JWKSET_INPUTS.mode,
    keys: d({ type: "array", items: JSON_OBJECT }, "The declared keys as published, canonical order."),
    inactiveKids: d(STRINGS, "Kids published INACTIVE (lifecycle targets)."),
    kids: d(STRINGS, "Kids this resource published and owns."),
    drift: d(JSON_OBJECT, "Drift as of the last read of the target (refresh), or as a create or update left it (derived, not re-read)."),
    foreignKids: d(STRINGS, "Live kids this resource does not own and leaves alone (additive mode)."),
  },
  required: ["target", "keys", "mode", "kids", "inactiveKids", "drift", "foreignKids"],
  aliases: [dynamicToken("JwkSet")],
};

const BINDING_INPUTS: Record<string, PropertySpec> = {
  client: d(
    JSON_OBJECT,
    'The client, e.g. `{ kind: "rfc7592", registrationClientUri }`. Credentials are never part of it: each kind\n' +
      "reads them from environment variables the reference names (`tokenEnv`, ...).",
  ),
  keys: d(
    { type: "array", items: JSON_OBJECT },
    'Public keys to bind (`Jwk.publicJwk` outputs), each with `use: "sig"` to sign client assertions.',
  ),
  jwksUri: d(STRING, "Instead of `keys`: the URL the server fetches the client's keys from."),
  mode: d(STRING, '"additive" (default): keys on the client this binding did not bind stay. "exclusive": they are removed.'),
  auth: d(JSON_OBJECT, 'Token endpoint auth settings, e.g. `{ method: "private_key_jwt", signingAlg: "ES256" }`.'),
  pingone: d(
    JSON_OBJECT,
    "Kind `pingone` only: `{ keyRotationPolicyId: policy.policyId }`, the policy that signs the application's tokens.",
  ),
  reachfive: d(
    JSON_OBJECT,
    '`reachfive` clients only (instead of keys): `{ keyPair: "global" | "client-specific", rotationTrigger?, revokeKids? }`.\n' +
      "ReachFive generates the pairs; changing `rotationTrigger` rotates a client-specific pair on the next up.",
  ),
};

const BINDING: ResourceSpec = {
  description: "Keys bound to one OAuth client for private_key_jwt (RFC 7523) client authentication.",
  inputProperties: BINDING_INPUTS,
  requiredInputs: ["client"],
  properties: {
    ...BINDING_INPUTS,
    keys: d({ type: "array", items: JSON_OBJECT }, "The declared keys (canonical order), when bound by keys."),
    kids: d(STRINGS, "Kids this binding bound."),
    authMethod: d(STRING, "The client's token endpoint auth method as read back."),
    signingAlg: d(STRING, "The client's token endpoint signing alg as read back."),
    drift: d(JSON_OBJECT, "How the client's live binding differs from the declared one. Empty lists mean no drift."),
    foreignKids: d(STRINGS, "Kids on the client that this binding leaves alone (additive mode)."),
    pingone: d(JSON_OBJECT, "Kind `pingone`: the declared policy, and the one the application was on when last read."),
    livePingone: d(
      JSON_OBJECT,
      "Kind `pingone`: the policy the application was on when last read (drift when it is not the declared one).",
    ),
    reachfive: d(JSON_OBJECT, "The declared reachfive section (kept to tell a changed rotation trigger)."),
    reachfiveKey: d(JSON_OBJECT, "reachfive: the pair signing the client's tokens (`keyPair`, `kid`) as read back."),
  },
  required: ["client", "mode", "kids", "drift", "foreignKids"],
  aliases: [dynamicToken("ClientKeyBinding")],
};

/** Every resource the plugin serves, by type name (`jwk:index:<name>`). */
export const RESOURCES: Record<string, ResourceSpec> = { Jwk: JWK, JwkSet: JWKSET, ClientKeyBinding: BINDING };

/** The schema document the plugin answers GetSchema with. */
export function packageSchema(): Record<string, unknown> {
  return {
    name: PACKAGE,
    displayName: "JSON Web Keys",
    version,
    description: "JSON Web Keys as code: generate keys, publish JWK Sets, detect drift.",
    license: "Apache-2.0",
    meta: { moduleFormat: "(.*)" },
    language: { nodejs: { packageName: "@pulumi-jwk/jwk", dependencies: { "@pulumi/pulumi": "^3.259.0" } } },
    resources: Object.fromEntries(Object.entries(RESOURCES).map(([name, spec]) => [`${PACKAGE}:index:${name}`, spec])),
  };
}
