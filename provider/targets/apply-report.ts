/**
 * The error a failed apply throws. It says what was applied, what failed and whether that step may still have
 * taken effect, and what was not sent, so a failed `up` never leaves a change on the target unreported. A step
 * whose call got no clear answer (timeout, reset, 5xx: `unclear` on the HTTP error) may have been carried out by
 * the server after all; saying "not applied" for it would be a lie, so it is reported as "outcome unknown".
 */
import { hasCode, isHttpError, JwksTargetError, reasonAbout, reasonOfStep } from "../errors";

/**
 * A failed apply, with its report as data on the error (`applied` ran, `unknown` may have run or ran in part: the
 * failed step, `notApplied` never ran). Its code stays ERR_JWKS_TARGET, its name JwksApplyError.
 */
export function applyError(
  target: string,
  report: { applied: readonly string[]; failed: string; unknown: boolean; notApplied: readonly string[] },
  cause: unknown,
): JwksTargetError {
  // The cause names the target and the step too: say them once.
  const reason = reasonOfStep(target, report.failed, cause).replace(/\.+$/, "");
  const parts = [report.applied.length > 0 ? `already applied: ${report.applied.join(", ")}` : "nothing was applied"];
  const partly = partlyApplied(cause);
  const unknown = report.unknown || partly !== undefined;
  const notApplied = unknown ? report.notApplied : [report.failed, ...report.notApplied];
  if (partly !== undefined) parts[0] += ` before it; partly applied (${partly}): ${report.failed}`;
  else if (unknown) parts[0] += ` before it; outcome unknown (no clear answer, the server may have applied it): ${report.failed}`;
  if (notApplied.length > 0) parts.push(`not applied: ${notApplied.join(", ")}`);
  return new JwksTargetError(
    target,
    report.failed,
    `${reason}. ${parts.join("; ")}. Run the update again to resume: the live set is read again first.`,
    {
      cause,
      report: { applied: report.applied, unknown: unknown ? [report.failed] : [], notApplied },
    },
  );
}

/** True when a failed call may have been carried out by the server (it gave no clear answer). */
export function outcomeUnknown(cause: unknown): boolean {
  return isHttpError(cause) && cause.unclear;
}

/**
 * A step made of several calls (e.g. deactivate, then delete) that failed after its first calls took effect.
 * `partlyApplied` says what holds now, e.g. "key k1 was deactivated, not deleted". Its code stays ERR_JWKS_TARGET,
 * its name JwksPartlyAppliedError.
 */
export function partlyAppliedError(target: string, operation: string, partly: string, cause: unknown): JwksTargetError {
  return new JwksTargetError(target, operation, reasonAbout(target, cause), { cause, partlyApplied: partly });
}

function partlyApplied(cause: unknown): string | undefined {
  return hasCode(cause, JwksTargetError) ? cause.partlyApplied : undefined;
}

/**
 * How a failed step stands when it is not simply "not applied": "partly applied (…)" or "outcome unknown (…)";
 * undefined for a clear refusal. Withdrawal, which goes on past refused keys, prefixes its reasons with it.
 */
export function failedStepOutcome(cause: unknown): string | undefined {
  const partly = partlyApplied(cause);
  if (partly !== undefined) return `partly applied (${partly})`;
  return outcomeUnknown(cause) ? "outcome unknown (no clear answer, the server may have applied it)" : undefined;
}
