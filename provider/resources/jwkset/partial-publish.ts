/**
 * What a JwkSet's state must keep when a publish fails after it may have written: the kids it may have added.
 * Without them, a failed create leaves no state and a failed update the old one, so the re-run finds those keys
 * live, not owned, and on a target without owners record takes them for another stack's (adoptedKids), then
 * refuses ever to withdraw them (unrecorded-share.ts). The provider hands this state to the engine with the
 * error (a partial failure, pulumi/partial-failure.ts); the keys stay as before, so the re-run's diff updates.
 */
import type { SetMode } from "../../core/jwks/diff";
import type { JwkSetInputs, JwkSetOutputs } from "./logic";

/** What a failed publish had found and tried. */
export interface PartialPublish {
  mode: SetMode;
  /** Kids the publish was to add (not live before it): any of them may now be live. */
  mayHaveAdded: string[];
  /** Kids it found already published, not by itself (unrecorded-share.ts). */
  adoptedKids: string[];
  ownerId?: string | undefined;
}

const partials = new WeakMap<object, PartialPublish>();

/** `error`, marked as the failure of a publish that had found and tried `partial`. */
export function withPartialPublish(error: unknown, partial: PartialPublish): unknown {
  if (typeof error === "object" && error !== null) partials.set(error, partial);
  return error;
}

/** What the publish that threw `error` had tried, if it got to write. */
export function partialPublishOf(error: unknown): PartialPublish | undefined {
  return typeof error === "object" && error !== null ? partials.get(error) : undefined;
}

const union = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])].sort();

/**
 * The state after a failed publish: the state before (none on create) with the kids it may have added owned,
 * and reported as unexpected drift (so the next run updates even if the program goes back to the old keys,
 * and withdraws them if it no longer declares them).
 */
export function partialOutputs(inputs: JwkSetInputs, before: JwkSetOutputs | undefined, partial: PartialPublish): JwkSetOutputs {
  const base: JwkSetOutputs = before ?? {
    target: inputs.target,
    mode: partial.mode,
    keys: [],
    kids: [],
    inactiveKids: [],
    drift: { missing: [], changed: [], unexpected: [] },
    foreignKids: [],
  };
  const adoptedKids = union(base.adoptedKids ?? [], partial.adoptedKids);
  const { adoptedKids: _old, ownerId: _id, ...rest } = base;
  return {
    ...rest,
    kids: union(base.kids, partial.mayHaveAdded),
    drift: { ...base.drift, unexpected: union(base.drift.unexpected, partial.mayHaveAdded) },
    ...(partial.ownerId !== undefined ? { ownerId: partial.ownerId } : base.ownerId !== undefined ? { ownerId: base.ownerId } : {}),
    ...(adoptedKids.length > 0 ? { adoptedKids } : {}),
  };
}
