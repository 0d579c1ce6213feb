/**
 * The `pingone` section of a `ClientKeyBinding`: PingOne generates and rotates the keys, so a binding names the
 * key rotation policy that signs the application's tokens instead of keys. Its types (the binding's input and
 * outputs, in their plain and Pulumi forms) and the hooks the generic binding logic calls (clients/types.ts
 * `KindSection`). Pure: no HTTP, so the resource class can list the section's properties without loading the API.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { KindSection } from "../../clients/types";

/**
 * The section of a binding of kind `pingone`, declared, and as read back from the application.
 */
export interface PingOneSigning {
  /** The policy's id (`PingOneKeyRotationPolicy.policyId`); read back, the policy the application is on now. */
  keyRotationPolicyId: string;
}

/** What kind `pingone` adds to a ClientKeyBinding (assembled with the other kinds' in registry/client-sections.ts). */
export interface PingOneBindingSection {
  inputs: {
    /** Kind `pingone`: the key rotation policy to sign the application's tokens with (instead of keys). */
    pingone?: PingOneSigning;
  };
  outputs: {
    /** Kind `pingone`: the declared policy, and the one the application was on when last read. */
    pingone?: PingOneSigning;
    livePingone?: PingOneSigning;
  };
  args: {
    /** Kind `pingone` only: `{ keyRotationPolicyId: policy.policyId }`, the policy that signs the application's tokens. */
    pingone?: pulumi.Input<{ keyRotationPolicyId: pulumi.Input<string> }>;
  };
  resource: {
    /** Kind `pingone`: the policy the application was on when last read (drift when it is not the declared one). */
    readonly livePingone: pulumi.Output<{ keyRotationPolicyId: string } | undefined>;
  };
}

/** The section hooks of kind `pingone` (its `ClientKind.section`). */
export const pingOneSection: KindSection<PingOneSigning, PingOneSigning> = {
  name: "pingone",
  outputs: ["livePingone"],
  foreignReason: (kind) => `only a client of kind "pingone" takes this section; this client is "${String(kind)}"`,
  // An update of the application without `signing` puts it back on the default policy: that shows here.
  drift: (declared, live) =>
    declared.section !== undefined && live.section?.keyRotationPolicyId !== declared.section.keyRotationPolicyId
      ? { settings: ["pingone.keyRotationPolicyId"], notes: [] }
      : { settings: [], notes: [] },
  record: (live) => (live.section !== undefined ? { livePingone: live.section } : {}),
};
