/**
 * The `JwkSet` resource's behaviour as functions over a target adapter: validate, publish, detect drift,
 * decide update versus replace, withdraw. Pulumi specifics stay in jwkset.ts / jwkset-provider.ts.
 */
import { isDeepStrictEqual } from "node:util";
import { isTargetGone } from "../../errors";
import { canonicalKeys } from "../../core/jwks/document";
import { diffKeySets, type SetMode } from "../../core/jwks/diff";
import { driftOf, type Drift } from "../../core/jwks/drift";
import { liveAfterApply } from "../../core/jwks/settled";
import type { PublicJwk } from "../../core/keys/material";
import { applyDiff } from "../../targets/apply";
import { exclusively } from "../../targets/lock";
import { canReplaceAll, hasExpiringKeys, hasKeyLifecycle, isObserved } from "../../targets/capabilities";
import { withdrawOwnedKeys } from "../../targets/withdraw";
import { openTarget, targetIdentity } from "../../registry/targets";
import type { KeySetTarget, KeyStatus } from "../../targets/types";
import type { TargetConfig } from "../../registry/targets";
import { openClaims, type Ownership } from "./claims";
import { adoptedAfter, refuseUnrecordedWithdrawal, unrecordedShareNotice } from "./unrecorded-share";
import { awaitServed } from "./observe";
import { withPartialPublish } from "./partial-publish";
import { assertValid } from "./check";
import { goneNotice, readLiveForRefresh, readLiveForWrite, unparsableNotice, type LiveSet } from "./live-set";
import { containsUnknown } from "../../pulumi/values";
import type { Progress } from "../../pulumi/progress";

export interface JwkSetInputs {
  target: TargetConfig;
  keys: PublicJwk[];
  /** Default "additive": never remove keys this stack did not publish unless asked to. */
  mode?: SetMode;
  /** Kids published INACTIVE (targets with a key lifecycle); every other key is ACTIVE. */
  inactiveKids?: string[];
}

export interface JwkSetOutputs {
  target: TargetConfig;
  mode: SetMode;
  /** The declared keys as published, canonical order. */
  keys: PublicJwk[];
  /** Kids this resource published and owns. */
  kids: string[];
  /** Kids published INACTIVE (lifecycle targets). */
  inactiveKids: string[];
  /** Drift as of the last read of the target (refresh), or as a create or update left it (derived, not re-read). */
  drift: Drift;
  /** Live kids this resource does not own and leaves alone (additive mode). */
  foreignKids: string[];
  /** This resource's id in the target's owners record (see claims.ts); absent in state from before owner ids. */
  ownerId?: string;
  /**
   * Targets without an owners record: per kid, the other resources (URNs) of the stack that declared it on the
   * same target when this one last wrote (see claims.ts). Absent when nobody else did.
   */
  sharedWith?: Record<string, string[]>;
  /**
   * Targets without an owners record: kids this resource found already published, not by itself, when it claimed
   * them, sorted; their withdrawal is refused while they are live (another stack may still declare them). Absent
   * when none.
   */
  adoptedKids?: string[];
}

function modeOf(inputs: { mode?: SetMode | undefined }): SetMode {
  return inputs.mode ?? "additive";
}

function hasDrift(d: Drift | undefined): boolean {
  return d !== undefined && (d.missing.length + d.changed.length + d.unexpected.length > 0 || d.unparsable !== undefined);
}

function wantedStatus(inactiveKids: readonly string[] | undefined): (kid: string) => KeyStatus {
  return (kid) => (inactiveKids?.includes(kid) ? "INACTIVE" : "ACTIVE");
}

function measure(
  target: KeySetTarget,
  keys: readonly PublicJwk[],
  live: readonly Record<string, unknown>[],
  mode: SetMode,
  inactiveKids: readonly string[] | undefined,
) {
  // Beyond its members, a live key is out of date in the wrong status (`statusOf`) or when it expires soon (`expiring`).
  const want = wantedStatus(inactiveKids);
  const outOfDate = (kid: string) =>
    (hasKeyLifecycle(target) && target.statusOf(kid) !== want(kid)) || (hasExpiringKeys(target) && target.expiring(kid));
  return driftOf(keys, live, mode, outOfDate);
}

/**
 * Makes the target hold the declared keys and returns the outputs. The target is read once, before applying;
 * the outputs are derived from that read and the applied diff (refresh is what reads the target again). The
 * whole read-diff-write cycle runs exclusively on the target (see targets/lock.ts).
 *
 * @param owned kids published by this resource before (empty on create); those someone else still declares
 *   are left alone (see claims.ts)
 */
export async function publishKeySet(
  inputs: JwkSetInputs,
  owned: readonly string[],
  target: KeySetTarget = openTarget(inputs.target),
  log?: Progress,
  ownership?: Ownership,
): Promise<JwkSetOutputs> {
  await assertValid(inputs);
  const mode = modeOf(inputs);
  const desired = canonicalKeys(inputs.keys);
  const kids = desired.map((k) => k.kid);
  const inactiveKids = [...(inputs.inactiveKids ?? [])].sort();
  if (isObserved(target)) {
    // Read-only: nothing to write or claim; the declared keys must be served (jwkset-observe.ts).
    const live = await awaitServed(target, (l) => driftOf(desired, l, mode).drift, log);
    return { target: inputs.target, mode, keys: desired, kids, inactiveKids, ...driftOf(desired, live, mode) };
  }
  return exclusively(target, async () => {
    const { keys: live } = await readLiveForWrite(target, mode, "publish", log);
    const claims = await openClaims(target, ownership);
    const mayTouch = claims.mayTouch(owned, kids);
    // Before any write: adopted kids this update stops declaring stay, and so does everything else (additive mode;
    // exclusive mode makes the set exactly its keys, whoever declares the others).
    if (mode === "additive") {
      const dropped = mayTouch.filter((kid) => !kids.includes(kid));
      refuseUnrecordedWithdrawal(target, live, ownership?.adopted, dropped, "update");
    }
    // Only with an ownership context (the provider's): without one nothing says which declarations are others'.
    const adoptedKids = ownership ? adoptedAfter(target, live, owned, kids, ownership) : [];
    for (const kid of adoptedKids) if (!ownership?.adopted?.includes(kid)) log?.(unrecordedShareNotice(target.name, kid));
    const diff = diffKeySets(desired, live, { mode, owned: mayTouch });
    await claims.stake(kids);
    try {
      await applyDiff(target, live, desired, diff, { mode, statusOf: wantedStatus(inactiveKids), log });
    } catch (e) {
      // Some keys may be live now: the state must own them (partial-publish.ts).
      const mayHaveAdded = diff.add.map((k) => k.kid);
      throw withPartialPublish(e, { mode, mayHaveAdded, adoptedKids, ownerId: ownership?.ownerId });
    }
    // No second read: the outputs follow from the first read plus what was applied. The plan gave every declared
    // key its wanted status and renewed every expiring one, so none is out of date.
    const after = liveAfterApply(live, diff);
    await claims.settle(kids, after);
    const measured = driftOf(desired, after, mode);
    const ownerId = ownership?.ownerId !== undefined ? { ownerId: ownership.ownerId } : {};
    const adopted = adoptedKids.length > 0 ? { adoptedKids } : {};
    return { target: inputs.target, mode, keys: desired, kids, inactiveKids, ...measured, ...ownerId, ...adopted };
  });
}

/**
 * Refresh: reads the live set and reports drift against what was last published. An unparsable document is
 * reported in `drift.unparsable`; a target that is gone returns undefined: the resource no longer exists.
 */
export async function refreshKeySet(
  olds: JwkSetOutputs,
  target: KeySetTarget = openTarget(olds.target),
  log?: Progress,
): Promise<JwkSetOutputs | undefined> {
  const read = await readLiveForRefresh(target);
  if ("gone" in read) {
    log?.(goneNotice(read.gone));
    return undefined;
  }
  if ("unparsable" in read) {
    log?.(unparsableNotice(target, read.unparsable, olds.mode));
    return { ...olds, drift: { missing: [], changed: [], unexpected: [], unparsable: read.unparsable }, foreignKids: [] };
  }
  return { ...olds, ...measure(target, olds.keys, read.keys, olds.mode, olds.inactiveKids) };
}

/**
 * Removes what this resource published; keys it does not own stay, and so do kids someone else still declares
 * (see claims.ts). Removes every key the server lets go, then reports the refusals (targets/withdraw.ts). A
 * target that is gone has nothing left to withdraw.
 */
export async function withdrawKeySet(
  olds: JwkSetOutputs,
  target: KeySetTarget = openTarget(olds.target),
  log?: Progress,
  ownership?: Ownership,
): Promise<void> {
  if (isObserved(target)) return log?.(`${target.name}: read-only target; destroy leaves what it serves alone`);
  await exclusively(target, async () => {
    let live: LiveSet;
    try {
      live = await readLiveForWrite(target, olds.mode, "destroy", log);
    } catch (e) {
      if (!isTargetGone(e)) throw e;
      log?.(`${e.message}; nothing is left to withdraw, so destroy only removes the JwkSet from the stack`);
      return;
    }
    const claims = await openClaims(target, ownership);
    // Exclusive mode owned the whole document it could not parse: it goes (its copy stays beside it).
    if (live.backup !== undefined && canReplaceAll(target)) {
      await target.replaceAll([]);
      await claims.settle([], []);
      return;
    }
    const owned = claims.mayTouch(olds.kids, []);
    refuseUnrecordedWithdrawal(target, live.keys, olds.adoptedKids, owned, "destroy");
    await withdrawOwnedKeys(target, live.keys, owned, log);
    await claims.settle(
      [],
      live.keys.filter((k) => !(typeof k.kid === "string" && owned.includes(k.kid))),
    );
  });
}

/**
 * Update or replace: a new target identity (file path, API URL, app) replaces (publish there, then withdraw
 * from the old one); new keys, statuses, settings (credentials, timeouts), mode or drift found by refresh
 * update in place.
 */
export function diffKeySet(olds: JwkSetOutputs, news: JwkSetInputs): { changes: boolean; replaces: string[] } {
  const replaces =
    containsUnknown(news.target) || !isDeepStrictEqual(targetIdentity(news.target), targetIdentity(olds.target)) ? ["target"] : [];
  const keysChanged = containsUnknown(news.keys) || !isDeepStrictEqual(canonicalKeys(news.keys), canonicalKeys(olds.keys));
  const statusChanged =
    containsUnknown(news.inactiveKids) || !isDeepStrictEqual([...(news.inactiveKids ?? [])].sort(), olds.inactiveKids ?? []);
  const settingsChanged = !isDeepStrictEqual(news.target, olds.target);
  const changes =
    replaces.length > 0 || keysChanged || statusChanged || settingsChanged || modeOf(news) !== olds.mode || hasDrift(olds.drift);
  return { changes, replaces };
}
