/**
 * Withdrawal (destroy): remove the keys a resource published, as far as the server allows. Unlike an update,
 * where a failed step stops the run (an addition must land before the removal it makes safe), the steps here
 * on a per-key API are independent removals, so a refused one is recorded and the others still run. Only a failure that every
 * later call would share stops the run: credentials refused (401/403), the rate limit still exceeded after
 * retries (429), or no answer at all. The error then says what was removed, what the server refused and why
 * (status, vendor code and the adapter's hint, never a body), and how to proceed.
 *
 * A destroy with refusals fails, so the resource stays in the stack: its state still says which keys it owns,
 * and `pulumi destroy` run again resumes from a fresh read of the live set. Succeeding instead would leave a
 * trusted public key on the target that no stack owns or will ever withdraw. Abandoning the key is an explicit
 * choice the message names (`pulumi state delete`).
 */
import { httpErrorIn, JwksWithdrawIncompleteError, reasonOfStep, type Refusal } from "../errors";
import { diffKeySets } from "../core/jwks/diff";
import { applyDiff, planSteps } from "./apply";
import { failedStepOutcome } from "./apply-report";
import { isDocument } from "./capabilities";
import type { KeySetTarget } from "./types";

/** A failure that concerns this key only, so the other removals are still worth trying. */
function concernsThisKeyOnly(status: number | undefined): boolean {
  return status !== undefined && status >= 400 && ![401, 403, 407, 429].includes(status);
}

/**
 * Removes the keys in `owned` from `target` (whose live keys are `live`); keys it does not own stay. Returns the
 * steps taken; throws {@link JwksWithdrawIncompleteError} after trying every removal when some were refused.
 *
 * @example
 * await withdrawOwnedKeys(target, await target.list(), outputs.kids, log)
 */
export async function withdrawOwnedKeys(
  target: KeySetTarget,
  live: readonly Record<string, unknown>[],
  owned: readonly string[],
  log?: (message: string) => void,
): Promise<string[]> {
  const diff = diffKeySets([], live, { mode: "additive", owned });
  // A document is written whole, in one step that succeeds or fails as a unit: nothing to go on with.
  if (isDocument(target)) return applyDiff(target, live, [], diff, { mode: "additive", log });
  const steps = planSteps(target, live, [], diff, { mode: "additive" });
  const removed: string[] = [];
  const refused: Refusal[] = [];
  for (const [i, step] of steps.entries()) {
    log?.(`${target.name}: ${step.describe} (${i + 1}/${steps.length})`);
    try {
      await step.run();
      removed.push(step.describe);
    } catch (e) {
      const reason = reasonOfStep(target.name, step.describe, e);
      // A removal without a clear answer may have happened after all (guarantee 6): say so, not just "not removed".
      const outcome = failedStepOutcome(e);
      refused.push({ step: step.describe, reason: outcome ? `${outcome}: ${reason}` : reason });
      if (!concernsThisKeyOnly(httpErrorIn(e)?.status)) {
        const rest = steps.slice(i + 1).map((s) => s.describe);
        throw new JwksWithdrawIncompleteError(target.name, removed, refused, rest, "the failure above would repeat for every key");
      }
      log?.(`${target.name}: ${step.describe} refused; going on with the other keys`);
    }
  }
  if (refused.length > 0) throw new JwksWithdrawIncompleteError(target.name, removed, refused, []);
  return removed;
}
