/**
 * `jwk:index:ClientKeyBinding`: the schema of the binding resource (provider/resources/binding/client-key-binding.ts
 * is its TypeScript twin).
 */
import { d, dynamicToken, listOf, ref, STRING, STRINGS, type PropertySpec, type SchemaResource } from "./spec";
import { JWK_JSON } from "./keys";

const INPUTS: Record<string, PropertySpec> = {
  client: d(
    ref("Client"),
    'The client, e.g. `{ kind: "rfc7592", registrationClientUri }`. Credentials are never part of it: each kind\n' +
      "reads them from environment variables the reference names (`tokenEnv`, ...).",
  ),
  keys: d(listOf(JWK_JSON), 'Public keys to bind (`Jwk.publicJwk` outputs), each with `use: "sig"` to sign client assertions.'),
  jwksUri: d(STRING, "Instead of `keys`: the URL the server fetches the client's keys from."),
  mode: d(ref("SetMode"), '"additive" (default): keys on the client this binding did not bind stay. "exclusive": they are removed.'),
  auth: d(ref("BindingAuth"), 'Token endpoint auth settings, e.g. `{ method: "private_key_jwt", signingAlg: "ES256" }`.'),
  pingone: d(
    ref("PingOneSigning"),
    "Kind `pingone` only: `{ keyRotationPolicyId: policy.policyId }`, the policy that signs the application's tokens.",
  ),
  reachfive: d(
    ref("ReachFiveKeyPairSection"),
    '`reachfive` clients only (instead of keys): `{ keyPair: "global" | "client-specific", rotationTrigger?, revokeKids? }`.\n' +
      "ReachFive generates the pairs; changing `rotationTrigger` rotates a client-specific pair on the next up.",
  ),
};

export const BINDING: SchemaResource = {
  name: "ClientKeyBinding",
  spec: {
    description: "Keys bound to one OAuth client for private_key_jwt (RFC 7523) client authentication.",
    inputProperties: INPUTS,
    requiredInputs: ["client"],
    properties: {
      ...INPUTS,
      keys: d(listOf(JWK_JSON), "The declared keys (canonical order), when bound by keys."),
      kids: d(STRINGS, "Kids this binding bound."),
      authMethod: d(STRING, "The client's token endpoint auth method as read back."),
      signingAlg: d(STRING, "The client's token endpoint signing alg as read back."),
      drift: d(ref("BindingDrift"), "How the client's live binding differs from the declared one. Empty lists mean no drift."),
      foreignKids: d(STRINGS, "Kids on the client that this binding leaves alone (additive mode)."),
      pingone: d(ref("PingOneSigning"), "Kind `pingone`: the declared policy, and the one the application was on when last read."),
      livePingone: d(
        ref("PingOneSigning"),
        "Kind `pingone`: the policy the application was on when last read (drift when it is not the declared one).",
      ),
      reachfive: d(ref("ReachFiveKeyPairSection"), "The declared reachfive section (kept to tell a changed rotation trigger)."),
      reachfiveKey: d(ref("ReachFiveKey"), "reachfive: the pair signing the client's tokens (`keyPair`, `kid`) as read back."),
    },
    required: ["client", "mode", "kids", "drift", "foreignKids"],
    aliases: [dynamicToken("ClientKeyBinding")],
  },
};
