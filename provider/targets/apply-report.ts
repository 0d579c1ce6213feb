/**
 * The error a failed apply throws. It says what was applied, what failed and whether that step may still have
 * taken effect, and what was not sent, so a failed `up` never leaves a change on the target unreported. A step
 * whose call got no clear answer (timeout, reset, 5xx: `unclear` on the HTTP error) may have been carried out by
 * the server after all; saying "not applied" for it would be a lie, so it is reported as "outcome unknown".
 */
import { JwksTargetError, type JwkError } from "../errors";

/**
 * A failed apply, with its report as data: `applied` ran, `unknown` may have run or ran in part (the failed step),
 * `notApplied` never ran.
 */
export class JwksApplyError extends JwksTargetError {
  readonly applied: readonly string[];
  readonly unknown: readonly string[];
  readonly notApplied: readonly string[];

  constructor(
    target: string,
    report: { applied: readonly string[]; failed: string; unknown: boolean; notApplied: readonly string[] },
    cause: unknown,
  ) {
    // The cause names the target and the step too: say them once.
    const reason = String((cause as JwkError | undefined)?.message ?? cause)
      .replace(`${target}: `, "")
      .replace(`${report.failed} failed: `, "")
      .replace(/\.+$/, "");
    const parts = [report.applied.length > 0 ? `already applied: ${report.applied.join(", ")}` : "nothing was applied"];
    const partly = partlyApplied(cause);
    const unknown = report.unknown || partly !== undefined;
    const notApplied = unknown ? report.notApplied : [report.failed, ...report.notApplied];
    if (partly !== undefined) parts[0] += ` before it; partly applied (${partly}): ${report.failed}`;
    else if (unknown) parts[0] += ` before it; outcome unknown (no clear answer, the server may have applied it): ${report.failed}`;
    if (notApplied.length > 0) parts.push(`not applied: ${notApplied.join(", ")}`);
    super(target, report.failed, `${reason}. ${parts.join("; ")}. Run the update again to resume: the live set is read again first.`, {
      cause,
    });
    this.name = "JwksApplyError";
    this.applied = [...report.applied];
    this.unknown = unknown ? [report.failed] : [];
    this.notApplied = notApplied;
  }
}

/** True when a failed call may have been carried out by the server (it gave no clear answer). */
export function outcomeUnknown(cause: unknown): boolean {
  const e = cause as { code?: unknown; unclear?: unknown } | undefined;
  return e?.code === "ERR_JWKS_HTTP" && e.unclear === true;
}

/**
 * A step made of several calls (e.g. deactivate, then delete) that failed after its first calls took effect.
 * `partlyApplied` says what holds now, e.g. "key k1 was deactivated, not deleted".
 */
export class JwksPartlyAppliedError extends JwksTargetError {
  readonly partlyApplied: string;

  constructor(target: string, operation: string, partly: string, cause: unknown) {
    const reason = String((cause as JwkError | undefined)?.message ?? cause).replace(`${target}: `, "");
    super(target, operation, reason, { cause });
    this.name = "JwksPartlyAppliedError";
    this.partlyApplied = partly;
  }
}

function partlyApplied(cause: unknown): string | undefined {
  const p = (cause as { partlyApplied?: unknown } | undefined)?.partlyApplied;
  return typeof p === "string" ? p : undefined;
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
