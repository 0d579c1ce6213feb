/**
 * Kids a JwkSet finds already published, not by itself, on a per-key target that keeps no owners record (no
 * place on the target and no shared record configured): nothing there can say who else declares them. Such a
 * kid is "adopted": recorded in the JwkSet's state (`adoptedKids`), said once when found, and never withdrawn
 * on a guess: an update that stops declaring it, or a destroy, is refused while it is still live
 * ({@link JwksUnrecordedShareError}), because another stack may still declare it.
 *
 * Within one stack the engine's checks tell more (claims.ts): a kid another resource of this deployment declares
 * is not adopted, and one it still declares is kept, not withdrawn, so neither is refused. What they cannot tell
 * is a rename without alias: the new resource is created, finding the kid published by the old one, before the
 * old one is deleted, exactly as a second stack would; it adopts the kid.
 */
import { JwksUnrecordedShareError } from "../../errors";
import { canWritePerKey, hasOwnersRecord, isDocument } from "../../targets/capabilities";
import type { KeySetTarget } from "../../targets/types";

/** Whether `target` keeps no record of who declares a key while it is written one key at a time. */
function keepsNoRecord(target: KeySetTarget): boolean {
  return !hasOwnersRecord(target) && !isDocument(target) && canWritePerKey(target);
}

function kidsOf(live: readonly Record<string, unknown>[]): Set<string> {
  return new Set(live.flatMap((k) => (typeof k.kid === "string" ? [k.kid] : [])));
}

/** The kids among `desired` that were live before this resource claimed them, on a target without owners record. */
export function unrecordedShares(
  target: KeySetTarget,
  live: readonly Record<string, unknown>[],
  owned: readonly string[],
  desired: readonly string[],
): string[] {
  if (!keepsNoRecord(target)) return [];
  const liveKids = kidsOf(live);
  return desired.filter((kid) => liveKids.has(kid) && !owned.includes(kid));
}

/**
 * The kids a publish leaves adopted (sorted): among the declared kids live before it, those adopted before, and
 * those found already published, not owned, that no other resource of this deployment declares. A kid no longer
 * live is published by this resource now, so it is its own again. Empty on a target with an owners record.
 */
export function adoptedAfter(
  target: KeySetTarget,
  live: readonly Record<string, unknown>[],
  owned: readonly string[],
  desired: readonly string[],
  known: { adopted?: readonly string[] | undefined; declaredByOthers?: ReadonlySet<string> | undefined } = {},
): string[] {
  if (!keepsNoRecord(target)) return [];
  const found = new Set(unrecordedShares(target, live, owned, desired));
  const liveKids = kidsOf(live);
  const adopted = desired.filter(
    (kid) => liveKids.has(kid) && ((known.adopted ?? []).includes(kid) || (found.has(kid) && !known.declaredByOthers?.has(kid))),
  );
  return [...new Set(adopted)].sort();
}

/**
 * Refuses, before anything is written, to withdraw adopted kids that are still live: `withdrawing` are the kids
 * the operation would remove as this resource's own.
 */
export function refuseUnrecordedWithdrawal(
  target: KeySetTarget,
  live: readonly Record<string, unknown>[],
  adopted: readonly string[] | undefined,
  withdrawing: readonly string[],
  during: "update" | "destroy",
): void {
  if (!adopted?.length || !keepsNoRecord(target)) return;
  const liveKids = kidsOf(live);
  const refused = withdrawing.filter((kid) => adopted.includes(kid) && liveKids.has(kid));
  if (refused.length > 0) throw new JwksUnrecordedShareError(target.name, refused, during);
}

/** What the progress output says about an adopted kid when it is found. */
export function unrecordedShareNotice(targetName: string, kid: string): string {
  return (
    `${targetName}: key ${kid} was already published there, not by this resource; this target keeps no record of who ` +
    `declares a key, so if another stack declares ${kid} too, nothing can tell when the last one lets go: when this ` +
    `resource stops declaring ${kid}, it will refuse to withdraw it (ERR_JWKS_UNRECORDED_SHARE) while ${kid} is still ` +
    `there. Give each stack its own kids, or configure a shared owners record (docs/guarantees.md)`
  );
}

/**
 * What a deleted resource says about a kid it published that another resource of this run adopted (found
 * already published) and still declares: most likely itself, renamed without alias, which will refuse to
 * withdraw the kid later. The kid stays either way; the notice says how to avoid or undo the refusal.
 */
export function adoptedFromDeletedNotice(targetName: string, kid: string, adopters: readonly string[]): string {
  return (
    `${targetName}: key ${kid} stays: ${adopters.join(", ")} found it published by this resource (being deleted) and ` +
    `recorded it as adopted (adoptedKids), so when ${kid} is no longer declared there, its withdrawal will be refused ` +
    `(ERR_JWKS_UNRECORDED_SHARE). If that is this resource renamed, rename with \`aliases\` (the resource option) ` +
    `next time; now, once nothing declares ${kid}, remove it from the target by hand and run again`
  );
}
