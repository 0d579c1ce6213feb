/**
 * The key types: a public JWK (Jwk.publicJwk, the keys of JwkSet and ClientKeyBinding), a certificate request,
 * a key in custody's reference, and the drift of a key set. Descriptions of the members the TS types document
 * are their TSDoc (test/plugin/schema-parity.test.ts).
 */
import { BOOLEAN, d, INTEGER, NUMBER, STRING, STRINGS, type NamedTypes, type PropertySpec } from "./spec";

/** `x5t#S256` is not an identifier in any SDK language: each names it `x5tS256` (`x5t_s256` in Python). */
const X5T_S256: PropertySpec = {
  ...d(STRING, "Base64url SHA-256 thumbprint of the DER of the first certificate in `x5c` (RFC 7517 section 4.9)."),
  language: { csharp: { name: "X5tS256" }, go: { name: "X5tS256" }, python: { name: "x5t_s256" }, nodejs: { name: "x5tS256" } },
};

export const KEY_TYPES: NamedTypes = {
  PublicJwk: {
    type: "object",
    description:
      "A public JSON Web Key (RFC 7517) with the members this package reads and writes: the key parameters of RSA,\n" +
      "EC and OKP keys (RFC 7518, RFC 8037) and the certificate members. Never a private member.",
    properties: {
      kty: d(STRING, 'Key type: "RSA", "EC" or "OKP".'),
      kid: d(STRING, "Key ID."),
      alg: d(STRING, "The algorithm the key is for."),
      use: d(STRING, '"sig" or "enc".'),
      key_ops: d(STRINGS, "Operations the key may be used for (RFC 7517 section 4.3)."),
      crv: d(STRING, "Curve of an EC or OKP key."),
      x: d(STRING, "EC or OKP public coordinate, base64url."),
      y: d(STRING, "EC public y coordinate, base64url."),
      n: d(STRING, "RSA modulus, base64url."),
      e: d(STRING, "RSA public exponent, base64url."),
      x5c: d(STRINGS, "X.509 certificate chain, base64 DER, the key's certificate first (RFC 7517 section 4.7)."),
      x5t: d(STRING, "Base64url SHA-1 thumbprint of the first certificate in `x5c` (RFC 7517 section 4.8)."),
      "x5t#S256": X5T_S256,
      x5u: d(STRING, "URL of the X.509 certificate chain (RFC 7517 section 4.6)."),
    },
    required: ["kty", "kid"],
  },
  Certificate: {
    type: "object",
    description: "The `certificate` input: what the self-signed certificate says.",
    properties: {
      subject: d(STRING, "Distinguished name, e.g. `CN=signing.example.com, O=Example` (default `CN=<kid>`)."),
      validityDays: d(INTEGER, "Days until it expires (default 365)."),
      sha1Thumbprint: d(BOOLEAN, "Also publish the SHA-1 `x5t` (default false: `x5t#S256` only)."),
      renewBefore: d(
        { oneOf: [STRING, NUMBER] },
        "Renew the certificate (same key, new certificate) on the first preview or up with less than this left\n" +
          'before it expires: a duration such as `"30d"` or a number of seconds (default: never renewed on its own).',
      ),
    },
  },
  KeyReference: {
    type: "object",
    description: "Where a key in custody is.",
    properties: {
      backend: d(STRING, "The backend's scheme, e.g. `awskms`."),
      id: d(STRING, "The backend's own name for the key (ARN, transit key name, PKCS#11 object label and id, secret name)."),
      version: d(STRING, "The key version where the backend versions keys (transit), else absent."),
    },
    required: ["backend", "id"],
  },
  KeySetDrift: {
    type: "object",
    description: "How a published key set differs from the declared keys. Empty lists mean no drift.",
    properties: {
      missing: d(STRINGS, "Declared keys the target does not hold."),
      changed: d(STRINGS, "Declared keys the target holds with other content, in another status (ACTIVE/INACTIVE), or about to expire."),
      unexpected: d(STRINGS, "Keys the target holds that were not declared (exclusive mode only; additive mode leaves them alone)."),
      unparsable: d(STRING, "Why the live document does not parse (document targets), with a position; the lists are then empty."),
    },
    required: ["missing", "changed", "unexpected"],
  },
};
