/**
 * Exact ownership: a JwkSet changes or withdraws a kid only when nobody else still declares it. Two sources
 * say who else does:
 *
 * - this deployment: the engine checks every resource still in the program before it deletes removed or
 *   replaced ones, all in one dynamic-provider process, so the kids seen in `check` per target are the kids
 *   still declared by this stack (covers a rename without alias, two resources with one key, a replace of
 *   the target). Every target kind gets this.
 * - the target's owners record, where it has one (files: `<file>.owners.json`, see targets/file/owners.ts): each
 *   JwkSet's opaque owner id per kid, so another stack's claim survives too.
 * - on targets without an owners record (the APIs), each JwkSet's own state: `sharedWith`, per kid, the URNs of
 *   the other resources of the stack that declared it on the same target when this one last wrote. Only a run
 *   that checks some resources alone (`pulumi destroy --target`, `pulumi up --target`; pulumi/run-scope.ts)
 *   consults it, because only there are the others' declarations unknown: a kid one of them was recorded to
 *   declare stays unless this run checked that resource (and it no longer declares the kid) or is deleting it.
 *   A run of the whole program trusts its checks, and every write there rewrites the record from them.
 */
import { randomUUID } from "node:crypto";
import { hasOwnersRecord, type Owners } from "../../targets/capabilities";
import { targetFailures, targetIdentity } from "../../registry/targets";
import type { KeySetTarget } from "../../targets/types";
import type { TargetConfig } from "../../registry/targets";
import { containsUnknown } from "../../pulumi/values";

/** What a JwkSet needs to know to touch only what is its own. */
export interface Ownership {
  /** This resource's id in owners records; undefined for state written before owner ids existed. */
  ownerId?: string | undefined;
  /** Kids declared on this target by the resources checked in this deployment. */
  declared: ReadonlySet<string>;
  /**
   * Per kid, the other resources (URNs) recorded to declare it whose declarations this run does not know:
   * neither checked nor being deleted in this process. Absent: none (or a target with an owners record).
   */
  unknownDeclarers?: ReadonlyMap<string, readonly string[]>;
  /**
   * Kids declared on this target by the other resources checked in this deployment (not this one). Absent: not
   * known (no ownership context), so none.
   */
  declaredByOthers?: ReadonlySet<string>;
  /** Kids this resource found already published when it claimed them (state: `adoptedKids`; unrecorded-share.ts). */
  adopted?: readonly string[];
}

/** Per kid, the URNs of the other resources of the stack that declare it on the same target (JwkSet state). */
export type SharedWith = Record<string, string[]>;

// Per target identity, the kids declared by resources checked in this process (one deployment), by URN (a
// resource whose inputs carry no URN gets a key of its own).
const declarations = new Map<string, Map<string, Set<string>>>();
// Per target identity, the URNs of the resources being deleted in this process.
const deleting = new Map<string, Set<string>>();
let anonymous = 0;
// Per target identity, per kid, the URNs of the resources that adopted it in this process (unrecorded-share.ts).
const adoptions = new Map<string, Map<string, Set<string>>>();

function keyOf(target: TargetConfig): string {
  return JSON.stringify(targetIdentity(target));
}

/**
 * Records the kids a JwkSet declares (called from `check`). Inputs still unknown at preview, or invalid,
 * are skipped: a missing declaration can only make a withdrawal happen that would have happened anyway.
 */
export function recordDeclaration(inputs: { target: TargetConfig; keys: readonly { kid?: unknown }[]; __urn?: string | undefined }): void {
  if (containsUnknown(inputs.target) || containsUnknown(inputs.keys) || !Array.isArray(inputs.keys)) return;
  if (targetFailures(inputs.target, "target").length > 0) return;
  const key = keyOf(inputs.target);
  const byUrn = declarations.get(key) ?? new Map<string, Set<string>>();
  const who = typeof inputs.__urn === "string" ? inputs.__urn : `?${++anonymous}`;
  const kids = byUrn.get(who) ?? new Set<string>();
  for (const k of inputs.keys as readonly { kid?: unknown }[]) if (typeof k?.kid === "string") kids.add(k.kid);
  byUrn.set(who, kids);
  declarations.set(key, byUrn);
}

/** Records that the resource `urn` is being deleted in this run (called from `delete`, before withdrawing). */
export function recordDeletion(target: TargetConfig, urn: string | undefined): void {
  if (urn === undefined) return;
  const key = keyOf(target);
  deleting.set(key, (deleting.get(key) ?? new Set<string>()).add(urn));
}

/** Records that the resource `urn` adopted `kids` on `target` in this run (called after its create or update). */
export function recordAdoption(target: TargetConfig, urn: string | undefined, kids: readonly string[] | undefined): void {
  if (urn === undefined || !kids?.length) return;
  const key = keyOf(target);
  const byKid = adoptions.get(key) ?? new Map<string, Set<string>>();
  for (const kid of kids) byKid.set(kid, (byKid.get(kid) ?? new Set<string>()).add(urn));
  adoptions.set(key, byKid);
}

/** The other resources that adopted `kid` on `target` in this run (a rename without alias: its new name), sorted. */
export function adoptersOf(target: TargetConfig, kid: string, urn: string | undefined): string[] {
  return [...(adoptions.get(keyOf(target))?.get(kid) ?? [])].filter((u) => u !== urn).sort();
}

/**
 * The ownership context of a JwkSet on `target`. `self` is its URN and `sharedWith` its recorded co-declarers
 * (state), both optional; `ownersRecord` says whether the target keeps one (then it alone speaks for others).
 */
export function ownershipOn(
  target: TargetConfig,
  ownerId: string | undefined,
  self: {
    urn?: string | undefined;
    sharedWith?: SharedWith | undefined;
    ownersRecord?: boolean;
    targeted?: boolean;
    adopted?: readonly string[] | undefined;
  } = {},
): Ownership {
  const key = keyOf(target);
  const byUrn = declarations.get(key) ?? new Map<string, Set<string>>();
  const declared = new Set([...byUrn.values()].flatMap((kids) => [...kids]));
  // Without its URN this resource cannot tell its own declaration from the others': every declaration counts.
  const others = self.urn === undefined ? declared : new Set([...byUrn].filter(([u]) => u !== self.urn).flatMap(([, kids]) => [...kids]));
  const ownership: Ownership = { ownerId, declared, declaredByOthers: others, ...(self.adopted?.length ? { adopted: self.adopted } : {}) };
  if (!self.targeted || self.ownersRecord || self.sharedWith === undefined) return ownership;
  const gone = deleting.get(key) ?? new Set<string>();
  const unknownDeclarers = new Map<string, string[]>();
  for (const [kid, urns] of Object.entries(self.sharedWith)) {
    const unknown = urns.filter((u) => u !== self.urn && !byUrn.has(u) && !gone.has(u));
    if (unknown.length > 0) unknownDeclarers.set(kid, unknown);
  }
  return unknownDeclarers.size > 0 ? { ...ownership, unknownDeclarers } : ownership;
}

/**
 * What a JwkSet records in `sharedWith` after writing `kids`: per kid, the other resources this run saw declare
 * it, plus, in a targeted run, those recorded before whose declarations this run does not know. Kids nobody
 * else declares are left out; undefined when there is nothing to record.
 */
export function sharedWithAfter(
  target: TargetConfig,
  urn: string | undefined,
  kids: readonly string[],
  before: SharedWith | undefined,
  targeted: boolean,
): SharedWith | undefined {
  const key = keyOf(target);
  const byUrn = declarations.get(key) ?? new Map<string, Set<string>>();
  const gone = deleting.get(key) ?? new Set<string>();
  const result: SharedWith = {};
  for (const kid of [...kids].sort()) {
    const seen = [...byUrn].filter(([u, declared]) => u !== urn && !u.startsWith("?") && declared.has(kid)).map(([u]) => u);
    const kept = targeted ? (before?.[kid] ?? []).filter((u) => u !== urn && !byUrn.has(u) && !gone.has(u)) : [];
    const urns = [...new Set([...seen, ...kept])].sort();
    if (urns.length > 0) result[kid] = urns;
  }
  return Object.keys(result).length > 0 ? result : undefined;
}

/** Forgets every declaration and deletion (tests). */
export function forgetDeclarations(): void {
  declarations.clear();
  deleting.clear();
  adoptions.clear();
}

/** A fresh owner id, stored in the JwkSet's outputs for the life of the resource. */
export function newOwnerId(): string {
  return randomUUID();
}

/**
 * The kids among `owned` this resource may still change or remove: those no other owner claims in the
 * record and, unless it declares them itself, no other resource of this deployment declares nor is recorded to
 * declare without this run knowing otherwise (`unknownDeclarers`). Pure.
 */
export function soleOwned(owned: readonly string[], desiredKids: ReadonlySet<string>, ownership: Ownership, owners: Owners): string[] {
  return owned.filter((kid) => {
    const claimedByOthers = (owners.get(kid) ?? []).some((id) => id !== ownership.ownerId);
    const declaredByOthers =
      !desiredKids.has(kid) && (ownership.declared.has(kid) || (ownership.unknownDeclarers?.get(kid)?.length ?? 0) > 0);
    return !claimedByOthers && !declaredByOthers;
  });
}

/**
 * The record with `ownerId`'s claims set to `kids` (`only: "add"` keeps its other claims), and, when
 * `liveKids` is given, without claims on kids the target no longer holds. Pure.
 */
export function withClaims(
  owners: Owners,
  ownerId: string,
  kids: readonly string[],
  options: { only?: "add"; liveKids?: ReadonlySet<string> } = {},
): Owners {
  const next: Owners = new Map();
  for (const [kid, ids] of owners) {
    const kept = options.only === "add" ? ids : ids.filter((id) => id !== ownerId);
    if (kept.length > 0) next.set(kid, kept);
  }
  for (const kid of kids) next.set(kid, [...new Set([...(next.get(kid) ?? []), ownerId])].sort());
  if (options.liveKids) for (const kid of [...next.keys()]) if (!options.liveKids.has(kid)) next.delete(kid);
  return next;
}

function sameOwners(a: Owners, b: Owners): boolean {
  return a.size === b.size && [...a].every(([kid, ids]) => b.get(kid)?.join(" ") === ids.join(" "));
}

/** One read-diff-write cycle's view of ownership on a target; call inside the target's lock. */
export interface Claims {
  /** The kids among `owned` that this resource alone declares (see {@link soleOwned}). */
  mayTouch(owned: readonly string[], desiredKids: readonly string[]): string[];
  /** Before writing: adds this resource's claims on `kids`, so a crash mid-write over-states ownership, never under-states it. */
  stake(kids: readonly string[]): Promise<void>;
  /** After writing: this resource claims exactly `kids`; claims on kids the target no longer holds go. */
  settle(kids: readonly string[], live: readonly Record<string, unknown>[]): Promise<void>;
}

/**
 * Reads the target's owners record (if it keeps one) and returns the cycle's ownership view. Without an
 * owner id (old state) nothing is recorded and every recorded claim counts as someone else's.
 */
export async function openClaims(target: KeySetTarget, ownership: Ownership = { declared: new Set() }): Promise<Claims> {
  const record = hasOwnersRecord(target) ? target.owners : undefined;
  let owners: Owners = record ? await record.read() : new Map<string, string[]>();
  const save = async (next: Owners) => {
    if (record && !sameOwners(owners, next)) await record.write(next);
    owners = next;
  };
  const ownerId = ownership.ownerId;
  return {
    mayTouch: (owned, desiredKids) => soleOwned(owned, new Set(desiredKids), ownership, owners),
    stake: async (kids) => {
      if (record && ownerId) await save(withClaims(owners, ownerId, kids, { only: "add" }));
    },
    settle: async (kids, live) => {
      if (!record) return;
      const liveKids = new Set(live.flatMap((k) => (typeof k.kid === "string" ? [k.kid] : [])));
      // Without an owner id this resource claims nothing: only claims on kids gone from the target go.
      await save(ownerId ? withClaims(owners, ownerId, kids, { liveKids }) : new Map([...owners].filter(([kid]) => liveKids.has(kid))));
    },
  };
}
