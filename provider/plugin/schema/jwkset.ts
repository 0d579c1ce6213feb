/** `jwk:index:JwkSet`: the schema of the JwkSet resource (provider/resources/jwkset/jwkset.ts is its TypeScript twin). */
import { d, dynamicToken, listOf, ref, STRINGS, type PropertySpec, type SchemaResource } from "./spec";
import { JWK_JSON } from "./keys";

const INPUTS: Record<string, PropertySpec> = {
  target: d(
    ref("Target"),
    'Where the set lives, e.g. `{ kind: "file", path: "public/.well-known/jwks.json" }`, a Janssen config-api, an\n' +
      "Okta app, or a JWKS URL to check (read-only). Credentials are never part of it: adapters read them from\n" +
      "environment variables it names.",
  ),
  keys: d(listOf(JWK_JSON), "The public keys to publish, typically `Jwk.publicJwk` outputs. Private members are refused."),
  mode: d(ref("SetMode"), '"exclusive": the set is exactly these keys. "additive" (default): keys not declared here are left alone.'),
  inactiveKids: d(STRINGS, "Kids to publish INACTIVE, on targets with a key lifecycle (Okta). Every other key is ACTIVE."),
};

export const JWKSET: SchemaResource = {
  name: "JwkSet",
  spec: {
    description: "A JWK Set published to a target.",
    inputProperties: INPUTS,
    requiredInputs: ["target", "keys"],
    properties: {
      target: INPUTS.target,
      mode: INPUTS.mode,
      keys: d(listOf(JWK_JSON), "The declared keys as published, canonical order."),
      inactiveKids: d(STRINGS, "Kids published INACTIVE (lifecycle targets)."),
      kids: d(STRINGS, "Kids this resource published and owns."),
      drift: d(
        ref("KeySetDrift"),
        "Drift as of the last read of the target (refresh), or as a create or update left it (derived, not re-read).",
      ),
      foreignKids: d(STRINGS, "Live kids this resource does not own and leaves alone (additive mode)."),
      adoptedKids: d(
        STRINGS,
        "Targets without an owners record: kids this resource found already published, not by itself, when it claimed\n" +
          "them, sorted; their withdrawal is refused while they are live (another stack may still declare them). Absent\n" +
          "when none.",
      ),
    },
    required: ["target", "keys", "mode", "kids", "inactiveKids", "drift", "foreignKids"],
    aliases: [dynamicToken("JwkSet")],
  },
};
