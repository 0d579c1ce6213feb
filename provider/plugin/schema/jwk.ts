/** `jwk:index:Jwk`: the schema of the Jwk resource (provider/resources/jwk/jwk.ts is its TypeScript twin). */
import { ANY, BOOLEAN, d, dynamicToken, INTEGER, JSON_OBJECT, ref, STRING, STRINGS, type PropertySpec, type SchemaResource } from "./spec";
import { JWK_JSON } from "./keys";

const INPUTS: Record<string, PropertySpec> = {
  alg: d(ref("Algorithm"), "JWS or JWE algorithm: RS256..PS512, ES256..ES512, EdDSA/Ed25519, RSA-OAEP*, ECDH-ES*."),
  crv: d(ref("Curve"), "Curve where the algorithm leaves a choice (ECDH-ES: P-256, P-384, P-521 or X25519)."),
  modulusLength: d(INTEGER, "RSA modulus in bits (default 2048; at least 2048)."),
  use: d(ref("KeyUse"), '"sig" or "enc"; must match the algorithm, which implies it when omitted.'),
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
    ref("Certificate"),
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

export const JWK: SchemaResource = {
  name: "Jwk",
  spec: {
    description:
      "A JSON Web Key pair managed by Pulumi. State holds the public and private JWK (the latter as a secret) and the\n" + "metadata.",
    inputProperties: INPUTS,
    requiredInputs: ["alg"],
    properties: {
      kid: INPUTS.kid,
      alg: INPUTS.alg,
      use: INPUTS.use,
      crv: d(ref("Curve"), "The curve of an EC or OKP key."),
      modulusLength: d(INTEGER, "RSA modulus in bits."),
      keyOps: INPUTS.keyOps,
      rotationTrigger: INPUTS.rotationTrigger,
      certificate: d(
        ref("Certificate"),
        "The certificate input it was made from; the certificate itself is only in publicJwk (x5c, x5t#S256).",
      ),
      publicJwk: d(JWK_JSON, "The public JWK, as published."),
      privateJwk: d(JSON_OBJECT, "Secret. Undefined for a key in custody (`keyUri`).", true),
      keyUri: d(STRING, "Where the private half lives (a key in custody), as given."),
      keyReference: d(
        ref("KeyReference"),
        "Where a key in custody is: backend, the backend's id for the key, its version. Undefined for a key in state.",
      ),
      imported: d(BOOLEAN, "Whether the key was imported (privateKeyPem / privateJwk) rather than generated."),
      thumbprint: d(STRING, "RFC 7638 SHA-256 thumbprint of the key (the kid unless one was given). Derived, not stored."),
      kty: d(STRING, '"RSA", "EC" or "OKP". Derived, not stored.'),
      publicKeyPem: d(STRING, "SPKI PEM of the public key; the same as `publicKeyPem(key.publicJwk)`. Derived, not stored."),
    },
    required: ["kid", "alg", "use", "publicJwk", "imported", "thumbprint", "kty", "publicKeyPem"],
    aliases: [dynamicToken("Jwk")],
  },
};
