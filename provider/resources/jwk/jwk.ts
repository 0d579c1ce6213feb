/**
 * `Jwk`: a key pair generated with jose (or imported), published as a public JWK; the private parts are
 * outputs only as Pulumi secrets.
 */
import { createPublicKey } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import type { PublicJwk } from "../../core/keys/material";
import { jwkThumbprint } from "../../core/keys/thumbprint";
import { publicKeyPem } from "./pem";
import { StubbedDynamicResource } from "../../pulumi/stub";

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
  /**
   * Publish a self-signed X.509 certificate for the key: `x5c` with `x5t#S256` (and the SHA-1 `x5t` when
   * `sha1Thumbprint` is true). Subject defaults to `CN=<kid>`, validity to 365 days. Made again on rotation,
   * when this input changes, and (same key, new certificate) on the first preview or up within `renewBefore`
   * (a duration such as "30d") of its expiry. Not for X25519 keys (they cannot sign).
   */
  certificate?: pulumi.Input<{
    subject?: pulumi.Input<string>;
    validityDays?: pulumi.Input<number>;
    sha1Thumbprint?: pulumi.Input<boolean>;
    renewBefore?: pulumi.Input<string | number>;
  }>;
  /** An imported key's own certificate chain (base64 DER, the key's certificate first); checked against the key. */
  x5c?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Keep the private half in a custody backend instead of state: a key URI such as
   * `vault-transit:name=jwk-signing?address=https://vault.example:8200&token-source=env:VAULT_TOKEN`. The key
   * is created there (or adopted when it exists) and never leaves it; state holds the public JWK and
   * `keyReference` only. Refused with privateKeyPem, privateJwk, x5c, certificate and rotationTrigger;
   * changing it replaces the Jwk. Destroy keeps the key. See docs/custody.md.
   */
  keyUri?: pulumi.Input<string>;
}

/** Stored as secrets (ciphertext in state). */
const SECRET_OUTPUTS = ["privateJwk"];

/** Outputs that are optional inputs too; when not given, the public JWK holds their value. */
const DERIVABLE_OUTPUTS = ["kid", "use", "crv", "modulusLength"] as const;
type DerivableOutput = (typeof DERIVABLE_OUTPUTS)[number];

const FROM_PUBLIC_JWK: Record<DerivableOutput, (k: PublicJwk) => unknown> = {
  kid: (k) => k.kid,
  use: (k) => k.use,
  crv: (k) => k.crv,
  modulusLength: (k) => (k.kty === "RSA" ? createPublicKey({ key: k, format: "jwk" }).asymmetricKeyDetails?.modulusLength : undefined),
};

/**
 * A JSON Web Key pair managed by Pulumi. State holds the public and private JWK (the latter as a secret) and the
 * metadata; the thumbprint, kty and the PEM forms are derived from the JWKs in the program. The private key's
 * PEM comes from `privateKeyPem(key.privateJwk)` (a secret; `privateKeyPem` on the resource is the import input).
 *
 * @example
 * const signing = new Jwk("signing", { alg: "ES256" });
 * export const kid = signing.kid;
 * export const pem = privateKeyPem(signing.privateJwk);
 * @see https://www.rfc-editor.org/rfc/rfc7517
 */
export class Jwk extends StubbedDynamicResource {
  // kid, use, crv and modulusLength are accessors defined below the class.
  declare readonly kid: pulumi.Output<string>;
  declare readonly alg: pulumi.Output<string>;
  declare readonly use: pulumi.Output<string>;
  /** The curve of an EC or OKP key. */
  declare readonly crv: pulumi.Output<string | undefined>;
  /** RSA modulus in bits. */
  declare readonly modulusLength: pulumi.Output<number | undefined>;
  declare readonly publicJwk: pulumi.Output<PublicJwk>;
  /** Secret. Undefined for a key in custody (`keyUri`). */
  declare readonly privateJwk: pulumi.Output<Record<string, unknown>>;
  /** Where a key in custody is: backend, the backend's id for the key, its version. Undefined for a key in state. */
  declare readonly keyReference: pulumi.Output<{ backend: string; id: string; version?: string } | undefined>;

  /** RFC 7638 SHA-256 thumbprint of the key (the kid unless one was given). Derived, not stored. */
  get thumbprint(): pulumi.Output<string> {
    return this.publicJwk.apply((k) => jwkThumbprint(k));
  }
  /** "RSA", "EC" or "OKP". Derived, not stored. */
  get kty(): pulumi.Output<string> {
    return this.publicJwk.apply((k) => k.kty);
  }
  /** SPKI PEM of the public key; the same as `publicKeyPem(key.publicJwk)`. Derived, not stored. */
  get publicKeyPem(): pulumi.Output<string> {
    return publicKeyPem(this.publicJwk);
  }

  constructor(name: string, args: JwkArgs, opts?: pulumi.CustomResourceOptions) {
    // Every registered property costs the SDK four promises, each capturing a stack trace (mapped through source
    // maps), which made registration the largest share of the program's CPU time (bench/up-overhead): optional
    // inputs are registered only when given (the outputs of the same name are derived otherwise, see below).
    const props: pulumi.Inputs = {
      alg: args.alg,
      ...Object.fromEntries(DERIVABLE_OUTPUTS.filter((name) => args[name] !== undefined).map((name) => [name, args[name]])),
      ...(args.keyOps !== undefined ? { keyOps: args.keyOps } : {}),
      ...(args.rotationTrigger !== undefined ? { rotationTrigger: args.rotationTrigger } : {}),
      ...(args.certificate !== undefined ? { certificate: args.certificate } : {}),
      ...(args.x5c !== undefined ? { x5c: args.x5c } : {}),
      ...(args.keyUri !== undefined ? { keyUri: args.keyUri, keyReference: undefined } : {}),
      // Imported private keys are inputs too, and inputs are stored in state: keep them secret there.
      ...(args.privateKeyPem !== undefined ? { privateKeyPem: pulumi.secret(args.privateKeyPem) } : {}),
      privateJwk: args.privateJwk === undefined ? undefined : pulumi.secret(args.privateJwk),
      // Output-only properties must be registered (as undefined) to appear on the resource.
      publicJwk: undefined,
    };
    super("jwk", "Jwk", name, props, {
      ...opts,
      additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...SECRET_OUTPUTS],
    });
  }
}

// The SDK assigns each registered property onto the resource (`resource[name] = output`). These accessors take
// that output when the input was given, and derive the value from the public JWK when it was not (so the
// property is not registered; see the constructor).
for (const name of DERIVABLE_OUTPUTS) {
  const given = new WeakMap<Jwk, pulumi.Output<unknown>>();
  Object.defineProperty(Jwk.prototype, name, {
    get(this: Jwk) {
      return given.get(this) ?? this.publicJwk.apply(FROM_PUBLIC_JWK[name]);
    },
    set(this: Jwk, output: pulumi.Output<unknown>) {
      given.set(this, output);
    },
  });
}
