/**
 * `PingOneKeyRotationPolicy`: a PingOne key rotation policy (KRP) as code. PingOne generates and holds the key
 * pairs; the stack declares the policy's specification and schedule, reads back its public keys (current and
 * next, told apart by the time in their UUIDv1 kids), and repairs console edits of the fields on `up`.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PingOneRegion } from "../connection";
import type { PolicyKey } from "../policy-jwks";
import { ownUrn, StubbedDynamicResource } from "../../../pulumi/stub";

/** Inputs of a {@link PingOneKeyRotationPolicy}. Credentials come from the environment, never from here. */
export interface PingOneKeyRotationPolicyArgs {
  /** The environment (UUID) that holds the policy. */
  environmentId: pulumi.Input<string>;
  /** "com" (default), "eu", "asia" or "ca": picks `api.pingone.<tld>` and `auth.pingone.<tld>`. */
  region?: pulumi.Input<PingOneRegion>;
  /** Overrides the Management API base (default `https://api.pingone.<tld>/v1`), e.g. an emulator. */
  apiUrl?: pulumi.Input<string>;
  /** Overrides the auth host (default `https://auth.pingone.<tld>`). */
  authUrl?: pulumi.Input<string>;
  /** The worker app's environment, when not `environmentId`. */
  workerEnvironmentId?: pulumi.Input<string>;
  /** The worker app's client id (default: the environment variable PINGONE_CLIENT_ID). */
  clientId?: pulumi.Input<string>;
  /** The environment variable holding the worker app's secret (default PINGONE_CLIENT_SECRET). */
  clientSecretEnv?: pulumi.Input<string>;
  /** Shown in the admin console. */
  name: pulumi.Input<string>;
  /** Issuer and subject DN of the self-signed KrpKey certificates, e.g. "CN=Signing, O=Example". */
  dn: pulumi.Input<string>;
  /** "RSA" (the only one PingOne has; default). */
  algorithm?: pulumi.Input<string>;
  /** RSA bits: 2048 (default), 3072 or 4096. A change applies to keys generated from the next rotation on. */
  keyLength?: pulumi.Input<number>;
  /** "SHA256withRSA" (the only one; default). */
  signatureAlgorithm?: pulumi.Input<string>;
  /** "SIGNING" (the only one; default). */
  usageType?: pulumi.Input<string>;
  /** Days between rotations: at least 30, at most validityPeriod - 1 (default 90). */
  rotationPeriod?: pulumi.Input<number>;
  /** Days each key is valid (default 365). */
  validityPeriod?: pulumi.Input<number>;
  /** Any value; changing it replaces the policy (new current and next keys; bindings follow its new id). */
  rotationTrigger?: pulumi.Input<unknown>;
}

/**
 * A key rotation policy in a PingOne environment.
 *
 * @example
 * const policy = new PingOneKeyRotationPolicy("signing", { environmentId, region: "eu", name: "API signing", dn: "CN=API, O=Example" });
 * export const currentKid = policy.currentKid;
 * export const nextKey = policy.nextKey; // publish it ahead of the rotation
 * @see https://developer.pingidentity.com/pingone-api/platform/certificate-management/key-rotation-policies.html
 */
export class PingOneKeyRotationPolicy extends StubbedDynamicResource {
  declare readonly policyId: pulumi.Output<string>;
  /** The fields as PingOne held them at the last up or refresh. */
  declare readonly fields: pulumi.Output<Record<string, unknown>>;
  declare readonly currentKid: pulumi.Output<string>;
  declare readonly nextKid: pulumi.Output<string>;
  declare readonly currentKey: pulumi.Output<Record<string, unknown>>;
  declare readonly nextKey: pulumi.Output<Record<string, unknown>>;
  declare readonly keys: pulumi.Output<PolicyKey[]>;
  declare readonly rotatedAt: pulumi.Output<string | undefined>;
  /** Fields PingOne holds with another value than declared (console edits found by refresh; up repairs them). */
  declare readonly drift: pulumi.Output<string[]>;

  constructor(name: string, args: PingOneKeyRotationPolicyArgs, opts?: pulumi.CustomResourceOptions) {
    const given = Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined));
    const outputs = ["policyId", "fields", "declared", "drift", "currentKid", "nextKid", "currentKey", "nextKey", "keys", "rotatedAt"];
    // The resource's own URN, for diagnostics filed under it (engine-log.ts); "__" keys are not displayed.
    const urn = ownUrn("PingOneKeyRotationPolicy", name, opts?.parent);
    const props = { ...given, ...Object.fromEntries(outputs.map((o) => [o, undefined])), __urn: urn };
    super("pingone-krp", "PingOneKeyRotationPolicy", name, props, opts);
  }
}
