/**
 * The key types: a JWK, a certificate request, a key in custody's reference, and the drift of a key set. Descriptions of the members the TS types document
 * are their TSDoc (test/plugin/schema-parity.test.ts).
 */
import { BOOLEAN, d, INTEGER, JSON_OBJECT, NUMBER, STRING, STRINGS, type NamedTypes } from "./spec";

/**
 * A JWK (Jwk.publicJwk, the keys of JwkSet and ClientKeyBinding) stays an open JSON object, not an object type:
 * a key with a certificate carries `x5t#S256`, which is no identifier in any SDK language. The Go and Node.js
 * code generators emit it as a field name as it is (invalid source, checked with `pulumi package gen-sdk`), and
 * leaving it out of a type would drop it in Go and .NET (typed structs) and make YAML refuse a key that holds it.
 */
export const JWK_JSON = JSON_OBJECT;

export const KEY_TYPES: NamedTypes = {
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
