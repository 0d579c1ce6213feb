/**
 * `KeyRotation`: a signing key rotated as a declared lifecycle. A component, because a rotation is two
 * things a program should see: the schedule and its keys (one custom resource, `RotationSchedule`, whose
 * time-aware diff advances the lifecycle), and where the public keys are published (one ordinary `JwkSet` per
 * target, so every target kind, ownership record, lock and drift report works as it does for any set).
 */
import * as pulumi from "@pulumi/pulumi";
import type { JWK } from "jose";
import type { SetMode } from "../../core/jwks/diff";
import type { PublicJwk } from "../../core/keys/material";
import type { NextStep } from "../../core/rotation/next-step";
import type { ScheduledKey } from "../../core/rotation/types";
import type { TargetConfig } from "../../registry/targets";
import { JwkSet } from "../jwkset/jwkset";
import { ownUrn, StubbedDynamicResource } from "../../pulumi/stub";

/** Inputs of a {@link KeyRotation}. Durations: "90d", "12h", "1d12h", "30m", "45s", "2w", or seconds. */
export interface KeyRotationArgs {
  /** Signing algorithm of the keys (RS256..PS512, ES256..ES512, EdDSA). A change applies from the next key on. */
  alg: pulumi.Input<string>;
  /** Curve where the algorithm leaves a choice. */
  crv?: pulumi.Input<string>;
  /** RSA modulus in bits (default 2048). */
  modulusLength?: pulumi.Input<number>;
  /** Where the public keys (next, current, retiring) are published: one `JwkSet` per target. */
  targets: pulumi.Input<TargetConfig>[];
  /** Mode of those sets (default "additive": keys published by others stay). */
  mode?: pulumi.Input<SetMode>;
  /** A public JWKS URL: a next key is promoted only once it is served there (what verifiers actually fetch). */
  jwksUri?: pulumi.Input<string>;
  /** How long each key signs. Omit for manual rotations only (`rotationTrigger`). */
  rotateEvery?: pulumi.Input<string | number>;
  /** Any value; changing it starts a rotation now (a next key is published and promoted after publishAhead). */
  rotationTrigger?: pulumi.Input<unknown>;
  /** Minimum time a key is published before it signs (at least `jwksCacheTtl`). */
  publishAhead: pulumi.Input<string | number>;
  /** How long a replaced key stays published (at least `tokenLifetime + jwksCacheTtl`). */
  retireAfter: pulumi.Input<string | number>;
  /** Longest lifetime of a token signed with these keys; when given, `retireAfter` must cover it. */
  tokenLifetime?: pulumi.Input<string | number>;
  /** How long verifiers and CDNs cache the JWK Set; when given, bounds `publishAhead` and `retireAfter`. */
  jwksCacheTtl?: pulumi.Input<string | number>;
  /**
   * Keys in custody instead of state: a key URI with `{generation}` where each key's number goes, e.g.
   * `vault-transit:name=signing-{generation}?address=https://vault.example:8200`. Each key the rotation
   * publishes is created in that backend (generation 1, 2, ...); state holds public keys and references only,
   * and the issuer signs with `currentKeyUri`. A key leaving the rotation is released as a destroyed `Jwk` in
   * custody is (kept, or deleted where the backend delays or is asked to). Applies from the next key on.
   * @see docs/custody.md
   */
  keyUriTemplate?: pulumi.Input<string>;
}

/** The rotation's keys and schedule; created by {@link KeyRotation} (use that). */
export class RotationSchedule extends StubbedDynamicResource {
  declare readonly schedule: pulumi.Output<ScheduledKey[]>;
  declare readonly currentKid: pulumi.Output<string>;
  declare readonly publishedKeys: pulumi.Output<PublicJwk[]>;
  declare readonly bindableKeys: pulumi.Output<PublicJwk[]>;
  /** Secret. */
  declare readonly privateJwks: pulumi.Output<Record<string, JWK>>;
  declare readonly nextStep: pulumi.Output<NextStep>;
  declare readonly currentKeyUri: pulumi.Output<string | undefined>;

  constructor(
    name: string,
    args: Omit<KeyRotationArgs, "targets" | "mode">,
    opts: pulumi.CustomResourceOptions & { parent: pulumi.Resource },
  ) {
    const given = Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined));
    const outputs = {
      schedule: undefined,
      currentKid: undefined,
      publishedKeys: undefined,
      bindableKeys: undefined,
      privateJwks: undefined,
      nextStep: undefined,
      currentKeyUri: undefined,
    };
    super(
      "rotation",
      "RotationSchedule",
      name,
      { ...given, ...outputs, __urn: ownUrn("RotationSchedule", name, opts.parent) },
      {
        ...opts,
        additionalSecretOutputs: [...(opts.additionalSecretOutputs ?? []), "privateJwks"],
      },
    );
  }
}

/**
 * A signing key rotated on a schedule: each `pulumi up` publishes the next key ahead of time, promotes it once
 * `publishAhead` passed (and the `jwksUri` serves it), and removes the replaced key after `retireAfter`; an up
 * when nothing is due changes nothing, so a CI job can run `pulumi up` every hour.
 *
 * @example
 * const signing = new KeyRotation("signing", {
 *   alg: "ES256",
 *   targets: [{ kind: "file", path: "public/.well-known/jwks.json" }],
 *   jwksUri: "https://id.example.com/.well-known/jwks.json",
 *   rotateEvery: "90d", publishAhead: "2d", retireAfter: "3d", tokenLifetime: "1d", jwksCacheTtl: "1d",
 * });
 * export const kid = signing.currentKid;
 * export const signingKey = signing.currentPrivateJwk; // a secret
 * @see https://www.rfc-editor.org/rfc/rfc7517
 */
export class KeyRotation extends pulumi.ComponentResource {
  /** Kid of the key that signs now. */
  readonly currentKid: pulumi.Output<string>;
  /** Secret: the private JWK the token issuer signs with (undefined with `keyUriTemplate`: see currentKeyUri). */
  readonly currentPrivateJwk: pulumi.Output<JWK>;
  /** With `keyUriTemplate`: the key URI of the current key, to sign with (`pulumi-jwk/sign`, `pulumi-jwk sign`). */
  readonly currentKeyUri: pulumi.Output<string | undefined>;
  /** Public JWKs of next and current keys: give them to a `ClientKeyBinding`'s `keys`. */
  readonly bindableKeys: pulumi.Output<PublicJwk[]>;
  /** Public JWKs of every published key (next, current, retiring). */
  readonly publishedKeys: pulumi.Output<PublicJwk[]>;
  /** Every key with its state, since when, and its due times. */
  readonly schedule: pulumi.Output<ScheduledKey[]>;
  /** What the next step is and when it is due. */
  readonly nextStep: pulumi.Output<NextStep>;
  /** The published sets, one per target. */
  readonly sets: JwkSet[];

  constructor(name: string, args: KeyRotationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("pulumi-jwk:index:KeyRotation", name, {}, opts);
    const { targets, mode, ...scheduleArgs } = args;
    const keys = new RotationSchedule(`${name}-schedule`, scheduleArgs, { parent: this });
    this.sets = targets.map(
      (target, i) =>
        new JwkSet(
          `${name}-jwks${targets.length > 1 ? `-${i}` : ""}`,
          { target, keys: keys.publishedKeys, ...(mode ? { mode } : {}) },
          { parent: this },
        ),
    );
    this.currentKid = keys.currentKid;
    this.currentKeyUri = keys.currentKeyUri;
    this.currentPrivateJwk = pulumi.secret(pulumi.all([keys.privateJwks, keys.currentKid]).apply(([jwks, kid]) => jwks[kid]));
    this.bindableKeys = keys.bindableKeys;
    this.publishedKeys = keys.publishedKeys;
    this.schedule = keys.schedule;
    this.nextStep = keys.nextStep;
    this.registerOutputs({ currentKid: this.currentKid, schedule: this.schedule, nextStep: this.nextStep });
  }
}
