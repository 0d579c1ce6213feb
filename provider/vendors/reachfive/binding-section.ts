/**
 * The `reachfive` section of a `ClientKeyBinding`: ReachFive generates the keys, so a binding there declares
 * which pair signs the client's tokens, when to rotate it and which kids to revoke, not keys. Its types (the
 * binding's input and outputs, in their plain and Pulumi forms) and the hooks the generic binding logic calls
 * (clients/types.ts `KindSection`). Pure: no HTTP, so the resource class can list the section's properties
 * without loading the API.
 *
 * @see https://developer.reachfive.com/docs/jwks.html
 */
import type * as pulumi from "@pulumi/pulumi";
import type { KindSection } from "../../clients/types";

/**
 * The typed section of a `reachfive` binding. `keys` and `jwksUri` are refused with it.
 */
export interface ReachFiveKeyPairSection {
  /** "global": synced to the account pair (PUT .../keys). "client-specific": its own pair (POST .../keys). */
  keyPair: "global" | "client-specific";
  /** client-specific only: any value; changing it rotates the client's own pair on the next up (one POST). */
  rotationTrigger?: unknown;
  /** Kids to revoke (DELETE .../jwks/{kid}); the pair signing the client's tokens cannot be revoked. */
  revokeKids?: string[];
}

/** What a ReachFive client has now: which pair signs its tokens, and which of the kids to revoke are still published. */
export interface ReachFiveLiveSection {
  keyPair: "global" | "client-specific";
  /** The kid signing the client's tokens. */
  kid?: string;
  /** Every kid /jwks.json lists (to tell whether a revoked kid is gone). */
  publishedKids: string[];
}

/** What kind `reachfive` adds to a ClientKeyBinding (assembled with the other kinds' in registry/client-sections.ts). */
export interface ReachFiveBindingSection {
  inputs: {
    /** `reachfive` clients only: which server-generated pair signs the client's tokens. */
    reachfive?: ReachFiveKeyPairSection;
  };
  outputs: {
    /** The declared reachfive section (kept to tell a changed rotation trigger). */
    reachfive?: ReachFiveKeyPairSection;
    /** reachfive: the pair signing the client's tokens as read back. */
    reachfiveKey?: { keyPair: string; kid?: string };
  };
  args: {
    /**
     * `reachfive` clients only (instead of keys): `{ keyPair: "global" | "client-specific", rotationTrigger?, revokeKids? }`.
     * ReachFive generates the pairs; changing `rotationTrigger` rotates a client-specific pair on the next up.
     */
    reachfive?: pulumi.Input<ReachFiveKeyPairSection>;
  };
  resource: {
    /** reachfive: the pair signing the client's tokens (`keyPair`, `kid`) as read back. */
    readonly reachfiveKey: pulumi.Output<{ keyPair: string; kid?: string } | undefined>;
  };
}

/**
 * How the client differs from the binding (refresh), as setting names and notes that say what up will do. Pure.
 * @param recordedKid the client's signing kid when the binding last applied (absent on create)
 */
export function reachFiveDrift(
  declared: ReachFiveKeyPairSection,
  recordedKid: string | undefined,
  live: ReachFiveLiveSection,
): { settings: string[]; notes: string[] } {
  const settings: string[] = [];
  const notes: string[] = [];
  if (live.keyPair !== declared.keyPair) {
    settings.push("reachfive.keyPair");
    notes.push(
      declared.keyPair === "global"
        ? "the client was given its own pair outside the stack; up syncs it back to the global pair (PUT), which drops that pair"
        : `the client was re-synced to the global pair outside the stack; up gives it a new pair of its own (POST)` +
            (recordedKid ? `: the pair "${recordedKid}" it had cannot come back` : ""),
    );
  } else if (declared.keyPair === "client-specific" && recordedKid !== undefined && live.kid !== recordedKid) {
    settings.push("reachfive.kid");
    notes.push(
      `the client's pair was rotated outside the stack ("${recordedKid}" -> "${live.kid}"); a rotated-away pair cannot come back, ` +
        `so up keeps "${live.kid}" and records it`,
    );
  }
  const stillPublished = (declared.revokeKids ?? []).filter((k) => live.publishedKids.includes(k));
  if (stillPublished.length > 0) {
    settings.push("reachfive.revokeKids");
    notes.push(`revoked kids are published again: ${stillPublished.join(", ")}; up revokes them`);
  }
  return { settings, notes };
}

/** The section hooks of kind `reachfive` (its `ClientKind.section`). */
export const reachFiveSection: KindSection<ReachFiveKeyPairSection, ReachFiveLiveSection> = {
  name: "reachfive",
  outputs: ["reachfiveKey"],
  foreignReason: (kind) => `only a reachfive client takes this section, not ${JSON.stringify(kind)}`,
  drift: (declared, live, recorded) =>
    declared.section !== undefined && live.section !== undefined
      ? reachFiveDrift(declared.section, (recorded?.reachfiveKey as { kid?: string } | undefined)?.kid, live.section)
      : { settings: [], notes: [] },
  record: (live) =>
    live.section !== undefined
      ? { reachfiveKey: { keyPair: live.section.keyPair, ...(live.section.kid !== undefined ? { kid: live.section.kid } : {}) } }
      : {},
  // The recorded pair stays until an up accepts the new one, so the drift stays visible until then.
  keptOnRefresh: ["reachfiveKey"],
};
