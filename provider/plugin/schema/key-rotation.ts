/**
 * `jwk:index:KeyRotation`: the schema of the rotation component (provider/resources/rotation/key-rotation.ts is
 * its TypeScript twin; the plugin constructs it from a RotationSchedule and its JwkSets, key-rotation-component.ts).
 * Custody of the rotation's keys is the `keyUriTemplate` input and the `currentKeyUri` output.
 */
import { ANY, d, INTEGER, JSON_OBJECT, listOf, NUMBER, ref, STRING, stringEnum, type PropertySpec, type SchemaResource } from "./spec";
import { JWK_JSON } from "./keys";

/** A duration: "90d", "12h", "1d12h", "30m", "45s", "2w", or a number of seconds. */
const DURATION = { oneOf: [STRING, NUMBER] };

const INPUTS: Record<string, PropertySpec> = {
  alg: d(ref("Algorithm"), "Signing algorithm of the keys (RS256..PS512, ES256..ES512, EdDSA). A change applies from the next key on."),
  crv: d(ref("Curve"), "Curve where the algorithm leaves a choice."),
  modulusLength: d(INTEGER, "RSA modulus in bits (default 2048)."),
  targets: d(listOf(ref("Target")), "Where the public keys (next, current, retiring) are published: one `JwkSet` per target."),
  mode: d(ref("SetMode"), 'Mode of those sets (default "additive": keys published by others stay).'),
  jwksUri: d(STRING, "A public JWKS URL: a next key is promoted only once it is served there (what verifiers actually fetch)."),
  rotateEvery: d(DURATION, "How long each key signs. Omit for manual rotations only (`rotationTrigger`)."),
  rotationTrigger: d(ANY, "Any value; changing it starts a rotation now (a next key is published and promoted after publishAhead)."),
  publishAhead: d(DURATION, "Minimum time a key is published before it signs (at least `jwksCacheTtl`)."),
  retireAfter: d(DURATION, "How long a replaced key stays published (at least `tokenLifetime + jwksCacheTtl`)."),
  tokenLifetime: d(DURATION, "Longest lifetime of a token signed with these keys; when given, `retireAfter` must cover it."),
  jwksCacheTtl: d(DURATION, "How long verifiers and CDNs cache the JWK Set; when given, bounds `publishAhead` and `retireAfter`."),
  keyUriTemplate: d(
    STRING,
    "Keys in custody instead of state: a key URI with `{generation}` where each key's number goes, e.g.\n" +
      "`vault-transit:name=signing-{generation}?address=https://vault.example:8200`. Each key the rotation\n" +
      "publishes is created in that backend (generation 1, 2, ...); state holds public keys and references only,\n" +
      "and the issuer signs with `currentKeyUri`. A key leaving the rotation is released as a destroyed `Jwk` in\n" +
      "custody is (kept, or deleted where the backend delays or is asked to). Applies from the next key on.",
  ),
};

export const KEY_ROTATION: SchemaResource = {
  name: "KeyRotation",
  spec: {
    isComponent: true,
    description:
      "A signing key rotated on a schedule: each `pulumi up` publishes the next key ahead of time, promotes it once\n" +
      "`publishAhead` passed (and the `jwksUri` serves it), and removes the replaced key after `retireAfter`; an up\n" +
      "when nothing is due changes nothing, so a CI job can run `pulumi up` every hour.",
    inputProperties: INPUTS,
    requiredInputs: ["alg", "targets", "publishAhead", "retireAfter"],
    properties: {
      currentKid: d(STRING, "Kid of the key that signs now."),
      currentPrivateJwk: d(
        JSON_OBJECT,
        "Secret: the private JWK the token issuer signs with (undefined with `keyUriTemplate`: see currentKeyUri).",
        true,
      ),
      currentKeyUri: d(
        STRING,
        "With `keyUriTemplate`: the key URI of the current key, to sign with (`pulumi-jwk/sign`, `pulumi-jwk sign`).",
      ),
      bindableKeys: d(listOf(JWK_JSON), "Public JWKs of next and current keys: give them to a `ClientKeyBinding`'s `keys`."),
      publishedKeys: d(listOf(JWK_JSON), "Public JWKs of every published key (next, current, retiring)."),
      schedule: d(listOf(ref("ScheduledKey")), "Every key with its state, since when, and its due times."),
      nextStep: d(ref("NextStep"), "What the next step is and when it is due."),
      sets: d(listOf({ $ref: "#/resources/jwk:index:JwkSet" }), "The published sets, one per target."),
    },
    required: ["currentKid", "currentPrivateJwk", "currentKeyUri", "bindableKeys", "publishedKeys", "schedule", "nextStep", "sets"],
  },
  types: {
    KeyState: stringEnum("Where a key is in its rotation.", ["next", "current", "retiring", "retired"], {
      next: "Published, not signing yet.",
      current: "Signs.",
      retiring: "Published, no longer signs.",
      retired: "Removed from every target.",
    }),
    ScheduledKey: {
      type: "object",
      description: "One key of a rotation's schedule. Holds no key material; times are ISO 8601.",
      properties: {
        kid: d(STRING, "The key's kid."),
        alg: d(STRING, "The key's algorithm."),
        state: d(ref("KeyState"), "Where the key is in its rotation."),
        since: d(STRING, "When the key entered its state."),
        publishedAt: d(STRING, "When the key was first published (its creation)."),
        promoteAt: d(STRING, "`next`: the earliest promotion (publishAhead after publishing, and not before the current key's rotateAt)."),
        rotateAt: d(
          STRING,
          "`current` with `rotateEvery`: when it should stop signing; its successor is published `publishAhead` earlier.",
        ),
        removeAt: d(STRING, "`retiring`: the end of its retirement window, when it is removed."),
      },
      required: ["kid", "alg", "state", "since", "publishedAt"],
    },
    NextStepAction: stringEnum("What a rotation does next.", ["publish-next", "promote", "remove", "none"]),
    NextStep: {
      type: "object",
      description: "The earliest step ahead of a rotation.",
      properties: {
        action: d(ref("NextStepAction"), "What the step does."),
        kid: d(STRING, "The key it concerns."),
        dueAt: d(STRING, "When it is due (ISO 8601)."),
        description: d(STRING, "One sentence for people."),
      },
      required: ["action", "description"],
    },
  },
};
