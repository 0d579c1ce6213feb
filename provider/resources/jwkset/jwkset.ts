/**
 * `JwkSet`: the desired set of public keys on a target, diffed against the live set per kid; drift found by
 * `pulumi refresh` shows in the `drift` output and is repaired by the next `pulumi up`.
 */
import * as pulumi from "@pulumi/pulumi";
import type { SetMode } from "../../core/jwks/diff";
import type { PublicJwk } from "../../core/keys/material";
import type { TargetConfig } from "../../registry/targets";
import type { Drift } from "../../core/jwks/drift";
import { ownUrn, StubbedDynamicResource } from "../../pulumi/stub";

/** Inputs of a {@link JwkSet}. */
export interface JwkSetArgs {
  /**
   * Where the set lives, e.g. `{ kind: "file", path: "public/.well-known/jwks.json" }`, a Janssen config-api, an
   * Okta app, or a JWKS URL to check (read-only). Credentials are never part of it: adapters read them from
   * environment variables it names.
   */
  target: pulumi.Input<TargetConfig>;
  /** The public keys to publish, typically `Jwk.publicJwk` outputs. Private members are refused. */
  keys: pulumi.Input<pulumi.Input<PublicJwk>[]>;
  /** "exclusive": the set is exactly these keys. "additive" (default): keys not declared here are left alone. */
  mode?: pulumi.Input<SetMode>;
  /** Kids to publish INACTIVE, on targets with a key lifecycle (Okta). Every other key is ACTIVE. */
  inactiveKids?: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * A JWK Set published to a target.
 *
 * @example
 * new JwkSet("jwks", { target: { kind: "file", path: "jwks.json" }, keys: [key.publicJwk], mode: "exclusive" });
 * @see https://www.rfc-editor.org/rfc/rfc7517#section-5
 */
export class JwkSet extends StubbedDynamicResource {
  declare readonly target: pulumi.Output<TargetConfig>;
  declare readonly mode: pulumi.Output<SetMode>;
  declare readonly keys: pulumi.Output<PublicJwk[]>;
  declare readonly kids: pulumi.Output<string[]>;
  declare readonly inactiveKids: pulumi.Output<string[]>;
  declare readonly drift: pulumi.Output<Drift>;
  declare readonly foreignKids: pulumi.Output<string[]>;
  declare readonly adoptedKids: pulumi.Output<string[] | undefined>;

  constructor(name: string, args: JwkSetArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      target: args.target,
      keys: args.keys,
      mode: args.mode,
      inactiveKids: args.inactiveKids,
      // Output-only properties must be registered (as undefined) to appear on the resource.
      kids: undefined,
      drift: undefined,
      foreignKids: undefined,
      adoptedKids: undefined,
      // The resource's own URN: the dynamic-provider host does not pass it to read, and drift reports are filed
      // under it (engine-log.ts). "__" keys are internal: the CLI does not display them.
      __urn: ownUrn("JwkSet", name, opts?.parent),
    };
    super("jwkset", "JwkSet", name, props, opts);
  }
}
