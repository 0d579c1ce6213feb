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
 */
import { randomUUID } from "node:crypto";
import { hasOwnersRecord, type Owners } from "../../targets/capabilities";
import { targetFailures, targetIdentity } from "../../registry/targets";
import type { KeySetTarget, TargetConfig } from "../../targets/types";
import { containsUnknown } from "../../pulumi/values";

/** What a JwkSet needs to know to touch only what is its own. */
export interface Ownership {
  /** This resource's id in owners records; undefined for state written before owner ids existed. */
  ownerId?: string | undefined;
  /** Kids declared on this target by the resources checked in this deployment. */
  declared: ReadonlySet<string>;
}

// Per target identity, the kids declared by resources checked in this process (one deployment).
const declarations = new Map<string, Set<string>>();

function keyOf(target: TargetConfig): string {
  return JSON.stringify(targetIdentity(target));
}

/**
 * Records the kids a JwkSet declares (called from `check`). Inputs still unknown at preview, or invalid,
 * are skipped: a missing declaration can only make a withdrawal happen that would have happened anyway.
 */
export function recordDeclaration(inputs: { target: TargetConfig; keys: readonly { kid?: unknown }[] }): void {
  if (containsUnknown(inputs.target) || containsUnknown(inputs.keys) || !Array.isArray(inputs.keys)) return;
  if (targetFailures(inputs.target, "target").length > 0) return;
  const key = keyOf(inputs.target);
  const kids = declarations.get(key) ?? new Set<string>();
  for (const k of inputs.keys as readonly { kid?: unknown }[]) if (typeof k?.kid === "string") kids.add(k.kid);
  declarations.set(key, kids);
}

/** The ownership context of a JwkSet on `target`. */
export function ownershipOn(target: TargetConfig, ownerId: string | undefined): Ownership {
  return { ownerId, declared: declarations.get(keyOf(target)) ?? new Set() };
}

/** Forgets every declaration (tests). */
export function forgetDeclarations(): void {
  declarations.clear();
}

/** A fresh owner id, stored in the JwkSet's outputs for the life of the resource. */
export function newOwnerId(): string {
  return randomUUID();
}

/**
 * The kids among `owned` this resource may still change or remove: those no other owner claims in the
 * record and, unless it declares them itself, no other resource of this deployment declares. Pure.
 */
export function soleOwned(owned: readonly string[], desiredKids: ReadonlySet<string>, ownership: Ownership, owners: Owners): string[] {
  return owned.filter((kid) => {
    const claimedByOthers = (owners.get(kid) ?? []).some((id) => id !== ownership.ownerId);
    const declaredByOthers = !desiredKids.has(kid) && ownership.declared.has(kid);
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
