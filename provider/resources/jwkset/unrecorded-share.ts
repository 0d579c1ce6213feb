/**
 * The notice for a kid a JwkSet finds already published on a per-key target that keeps no owners record (no
 * place on the target and no shared record configured): nothing there can say who else declares it, so if
 * another stack does, whichever stops declaring it first withdraws it from both. Within one stack this is safe
 * (every resource still in the program is checked first; claims.ts), and the same situation arises there too
 * (a rename without alias creates the new resource before the old one is deleted), so it cannot be refused: it
 * is said, once per kid, with the way out.
 */
import { canWritePerKey, hasOwnersRecord, isDocument } from "../../targets/capabilities";
import type { KeySetTarget } from "../../targets/types";

/** The kids among `desired` that were live before this resource claimed them, on a target without owners record. */
export function unrecordedShares(
  target: KeySetTarget,
  live: readonly Record<string, unknown>[],
  owned: readonly string[],
  desired: readonly string[],
): string[] {
  if (hasOwnersRecord(target) || isDocument(target) || !canWritePerKey(target)) return [];
  const liveKids = new Set(live.flatMap((k) => (typeof k.kid === "string" ? [k.kid] : [])));
  return desired.filter((kid) => liveKids.has(kid) && !owned.includes(kid));
}

/** What the progress output says about such a kid. */
export function unrecordedShareNotice(targetName: string, kid: string): string {
  return (
    `${targetName}: key ${kid} was already published there, not by this resource; this target keeps no record of who ` +
    `declares a key, so if another stack declares ${kid} too, the first stack to stop declaring it withdraws it from ` +
    `both. Give each stack its own kids, or configure a shared owners record (docs/guarantees.md)`
  );
}
