/**
 * The live set a successful apply leaves behind, computed from the read taken before it and the diff that was
 * applied. Pure. publishKeySet measures its outputs (drift, foreign kids) on this instead of reading the target a
 * second time: an update then costs one list plus the writes for what changed. Refresh stays the one place that
 * re-reads the target, so edits made by others after the apply are still found there.
 */
import type { KeySetDiff } from "./diff";

/**
 * What the target holds once every step of `diff` succeeded: the live keys that were neither removed, changed nor
 * relabelled, then the changed keys' new content, the added keys and the relabelled keys under their new kids.
 * Identity, not equality, decides what left: two equal live entries are two entries.
 *
 * @example
 * const after = liveAfterApply(live, await diffKeySets(desired, live, { mode: "additive", owned }))
 */
export function liveAfterApply(live: readonly Record<string, unknown>[], diff: KeySetDiff): Record<string, unknown>[] {
  const gone = new Set<Record<string, unknown>>([...diff.remove, ...diff.change.map((c) => c.from), ...diff.relabel.map((r) => r.from)]);
  return [...live.filter((k) => !gone.has(k)), ...diff.change.map((c) => c.to), ...diff.add, ...diff.relabel.map((r) => r.to)];
}
