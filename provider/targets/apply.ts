/**
 * Carries out a key-set diff on a target: one whole-document write where the target stores a document,
 * otherwise per-key calls with additions before removals, so the set is never left without a key.
 */
import { JwksTargetError } from "../errors";
import type { KeySetDiff } from "../jwks/diff";
import type { PublicJwk } from "../keys/material";
import type { KeySetTarget } from "./types";

/**
 * Applies `diff` (computed against `live`) to `target`.
 *
 * @example
 * await applyDiff(target, live, await diffKeySets(desired, live, { mode: "exclusive", owned: [] }))
 */
export async function applyDiff(target: KeySetTarget, live: readonly Record<string, unknown>[], diff: KeySetDiff): Promise<void> {
  if (diff.collision.length > 0) {
    const c = diff.collision[0]!;
    throw new JwksTargetError(target.name, "plan", `key "${c.desired.kid}" is already published under kid "${String(c.live.kid)}", which this stack does not own; publishing it again would give one key two kids`);
  }
  const outgoing = new Set<Record<string, unknown>>([...diff.remove, ...diff.change.map((c) => c.from), ...diff.relabel.map((r) => r.from)]);
  const incoming: PublicJwk[] = [...diff.add, ...diff.change.map((c) => c.to), ...diff.relabel.map((r) => r.to)];
  if (target.replaceAll) {
    if (outgoing.size === 0 && incoming.length === 0) return;
    await target.replaceAll([...(live.filter((k) => !outgoing.has(k)) as PublicJwk[]), ...incoming]);
    return;
  }
  if (!target.add || !target.remove) throw new JwksTargetError(target.name, "apply", "this target is read-only");
  for (const key of outgoing) if (diff.change.some((c) => c.from === key)) await target.remove(key);
  for (const key of incoming) await target.add(key);
  for (const key of outgoing) if (!diff.change.some((c) => c.from === key)) await target.remove(key);
}
