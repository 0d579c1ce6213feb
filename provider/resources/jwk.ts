/**
 * `Jwk`: a key pair generated with jose (or imported), published as a public JWK; the private parts are
 * outputs only as Pulumi secrets.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PublicJwk } from "../keys/material";

/** Inputs of a {@link Jwk}. */
export interface JwkArgs {
  /** JWS or JWE algorithm: RS256..PS512, ES256..ES512, EdDSA/Ed25519, RSA-OAEP*, ECDH-ES*. */
  alg: pulumi.Input<string>;
  /** Curve where the algorithm leaves a choice (ECDH-ES: P-256, P-384, P-521 or X25519). */
  crv?: pulumi.Input<string>;
  /** RSA modulus in bits (default 2048; at least 2048). */
  modulusLength?: pulumi.Input<number>;
  /** "sig" or "enc"; must match the algorithm, which implies it when omitted. */
  use?: pulumi.Input<string>;
  /**
   * Allowed operations (RFC 7517 section 4.3); must belong to the algorithm. Each half carries its own:
   * ["sign", "verify"] gives the private JWK ["sign"] and publishes ["verify"].
   */
  keyOps?: pulumi.Input<pulumi.Input<string>[]>;
  /** Key ID; the RFC 7638 SHA-256 thumbprint when omitted. */
  kid?: pulumi.Input<string>;
  /** Import this private key (PKCS#8, PKCS#1 or SEC1 PEM) instead of generating one. Stored as a secret. */
  privateKeyPem?: pulumi.Input<string>;
  /** Import this private JWK instead of generating one. Stored as a secret. */
  privateJwk?: pulumi.Input<Record<string, unknown>>;
  /** Any value; changing it replaces the key with a new one (rotation). Refused with an imported key. */
  rotationTrigger?: pulumi.Input<unknown>;
}

// The provider stored in state is this stub: each method loads the implementation by package name at call
// time, so the serialised text stays small and refresh/destroy of old stacks run the current code.
// "pulumi-jwk/providers/*" is a stable export: state written today must still resolve in later versions.
const IMPL = "pulumi-jwk/providers/jwk";
const jwkProvider: pulumi.dynamic.ResourceProvider = {
  check: (olds, news) => require(IMPL).check(olds, news),
  diff: (id, olds, news) => require(IMPL).diff(id, olds, news),
  create: (inputs) => require(IMPL).create(inputs),
  update: (id, olds, news) => require(IMPL).update(id, olds, news),
};

const SECRET_OUTPUTS = ["privateJwk", "privateKeyPem"];

/**
 * A JSON Web Key pair managed by Pulumi.
 *
 * @example
 * const signing = new Jwk("signing", { alg: "ES256" });
 * export const kid = signing.kid;
 * @see https://www.rfc-editor.org/rfc/rfc7517
 */
export class Jwk extends pulumi.dynamic.Resource {
  declare readonly kid: pulumi.Output<string>;
  declare readonly alg: pulumi.Output<string>;
  declare readonly use: pulumi.Output<string>;
  declare readonly kty: pulumi.Output<string>;
  declare readonly crv: pulumi.Output<string | undefined>;
  declare readonly modulusLength: pulumi.Output<number | undefined>;
  declare readonly thumbprint: pulumi.Output<string>;
  declare readonly publicJwk: pulumi.Output<PublicJwk>;
  declare readonly publicKeyPem: pulumi.Output<string>;
  /** Secret. */
  declare readonly privateJwk: pulumi.Output<Record<string, unknown>>;
  /** Secret. */
  declare readonly privateKeyPem: pulumi.Output<string>;

  constructor(name: string, args: JwkArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      alg: args.alg,
      crv: args.crv,
      modulusLength: args.modulusLength,
      use: args.use,
      keyOps: args.keyOps,
      kid: args.kid,
      rotationTrigger: args.rotationTrigger,
      // Imported private keys are inputs too, and inputs are stored in state: keep them secret there.
      privateKeyPem: args.privateKeyPem === undefined ? undefined : pulumi.secret(args.privateKeyPem),
      privateJwk: args.privateJwk === undefined ? undefined : pulumi.secret(args.privateJwk),
      // Output-only properties must be registered (as undefined) to appear on the resource.
      kty: undefined,
      thumbprint: undefined,
      publicJwk: undefined,
      publicKeyPem: undefined,
    };
    super(
      jwkProvider,
      name,
      props,
      {
        ...opts,
        additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...SECRET_OUTPUTS],
      },
      "pulumi-jwk",
      "Jwk",
    );
  }
}
