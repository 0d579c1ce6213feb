/**
 * Carries out a key-set diff on a target as a list of steps. Document targets get one whole-set write. API
 * targets get per-key calls in a safe order: in-place updates, additions, status changes (activations
 * first), then removals, so a rotation never leaves the set without a key (only a same-kid change on a
 * target that cannot update in place is briefly absent: removed, then added). If a step fails, the error lists what was
 * applied, what may have been and what was not (apply-report.ts), and a re-run resumes, because every run diffs
 * against a fresh read.
 */
import { JwksTargetError } from "../errors";
import type { KeySetDiff, SetMode } from "../core/jwks/diff";
import type { PublicJwk } from "../core/keys/material";
import { applyError, outcomeUnknown } from "./apply-report";
import { canReplaceAll, canUpdateInPlace, canWritePerKey, hasExpiringKeys, hasKeyLifecycle, isDocument } from "./capabilities";
import type { KeySetTarget, KeyStatus } from "./types";

export interface ApplyOptions {
  mode: SetMode;
  /** Desired status of a kid on targets with a key lifecycle (default ACTIVE). */
  statusOf?: (kid: string) => KeyStatus;
  log?: (message: string) => void;
}

interface Step {
  describe: string;
  run: () => Promise<void>;
}

/** The steps that carry out `diff` on `target` (pure: nothing runs until the steps do). */
export function planSteps(
  target: KeySetTarget,
  live: readonly Record<string, unknown>[],
  desired: readonly PublicJwk[],
  diff: KeySetDiff,
  options: ApplyOptions,
): Step[] {
  if (diff.collision.length > 0) {
    const c = diff.collision[0];
    const why =
      c.live.kid === c.desired.kid
        ? `kid "${c.desired.kid}" is already published with other content, and this stack does not own it; publishing would overwrite someone else's key`
        : `key "${c.desired.kid}" is already published under kid "${String(c.live.kid)}", which this stack does not own; publishing it again would give one key two kids`;
    throw new JwksTargetError(target.name, "plan", `${why} (use another kid, or mode "exclusive" to take over the whole set)`);
  }
  const outgoing = [...diff.remove, ...diff.relabel.map((r) => r.from)];
  const incoming: PublicJwk[] = [...diff.add, ...diff.relabel.map((r) => r.to)];
  const want = (kid: string) => options.statusOf?.(kid) ?? "ACTIVE";
  const lifecycle = hasKeyLifecycle(target) ? target : undefined;
  const statusChanges = lifecycle
    ? desired.filter((k) => !incoming.includes(k) && lifecycle.statusOf(k.kid) !== undefined && lifecycle.statusOf(k.kid) !== want(k.kid))
    : [];
  const changed = diff.change.map((c) => c.to);
  const expiring = hasExpiringKeys(target) ? target : undefined;
  const renewals = expiring ? desired.filter((k) => !incoming.includes(k) && !changed.includes(k) && expiring.expiring(k.kid)) : [];
  const perKeyCalls = diff.change.length + incoming.length + outgoing.length + statusChanges.length + renewals.length;
  if (perKeyCalls === 0) return [];

  const kept = live.filter((k) => !outgoing.includes(k) && !diff.change.some((c) => c.from === k)) as PublicJwk[];
  const next = [...kept, ...diff.change.map((c) => c.to), ...incoming];
  if (canReplaceAll(target) && (isDocument(target) || (options.mode === "exclusive" && !lifecycle && perKeyCalls > desired.length)))
    return [{ describe: `replace the whole set (${next.length} keys)`, run: () => target.replaceAll(next) }];
  if (!canWritePerKey(target)) throw new JwksTargetError(target.name, "plan", "this target is read-only");
  const writer = target;
  const updater = canUpdateInPlace(target) ? target : undefined;

  const steps: Step[] = [];
  // Keys without a kid go first: some APIs refuse to add any key while one is there (harmless for the others).
  const kidless = outgoing.filter((k) => typeof k.kid !== "string");
  for (const k of kidless) steps.push({ describe: "remove a key without kid", run: () => writer.remove(k) });
  for (const c of diff.change) {
    if (updater) steps.push({ describe: `update key ${c.to.kid}`, run: () => updater.update(c.from, c.to) });
    else {
      steps.push({ describe: `remove key ${c.to.kid} (changed)`, run: () => writer.remove(c.from) });
      steps.push({ describe: `add key ${c.to.kid} (changed)`, run: () => writer.add(c.to, want(c.to.kid)) });
    }
  }
  for (const k of incoming) steps.push({ describe: `add key ${k.kid}`, run: () => writer.add(k, want(k.kid)) });
  if (expiring) for (const k of renewals) steps.push({ describe: `renew key ${k.kid}`, run: () => expiring.renew(k.kid) });
  const byActivationFirst = [...statusChanges].sort((a, b) => (want(a.kid) === "ACTIVE" ? 0 : 1) - (want(b.kid) === "ACTIVE" ? 0 : 1));
  if (lifecycle)
    for (const k of byActivationFirst)
      steps.push({ describe: `set key ${k.kid} ${want(k.kid)}`, run: () => lifecycle.setStatus(k.kid, want(k.kid)) });
  for (const k of outgoing) if (!kidless.includes(k)) steps.push({ describe: `remove key ${String(k.kid)}`, run: () => writer.remove(k) });
  return steps;
}

/**
 * Applies `diff` (computed against `live`) to `target` and returns the steps taken.
 *
 * @example
 * await applyDiff(target, live, desired, await diffKeySets(desired, live, { mode: "exclusive", owned: [] }), { mode: "exclusive" })
 */
export async function applyDiff(
  target: KeySetTarget,
  live: readonly Record<string, unknown>[],
  desired: readonly PublicJwk[],
  diff: KeySetDiff,
  options: ApplyOptions,
): Promise<string[]> {
  const steps = planSteps(target, live, desired, diff, options);
  const done: string[] = [];
  for (const [i, step] of steps.entries()) {
    options.log?.(`${target.name}: ${step.describe} (${i + 1}/${steps.length})`);
    try {
      await step.run();
    } catch (cause) {
      const report = {
        applied: done,
        failed: step.describe,
        unknown: outcomeUnknown(cause),
        notApplied: steps.slice(i + 1).map((s) => s.describe),
      };
      throw applyError(target.name, report, cause);
    }
    done.push(step.describe);
  }
  return done;
}
