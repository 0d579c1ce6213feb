/**
 * Failures of key-set targets (a file, a management API, a served URL): a read or write that failed, a failed
 * apply with its report, a target that is gone, a lock not obtained, a withdrawal that could not remove every key,
 * keys not served, a live document that does not parse.
 */
import { hasCode, JwkError } from "./base";
import { JwksHttpError } from "./http";

/** What a failed apply ran: `applied` ran, `unknown` may have run or ran in part, `notApplied` never ran. */
export interface ApplyReport {
  applied: readonly string[];
  unknown: readonly string[];
  notApplied: readonly string[];
}

/**
 * A target (file, management API) that failed to read or write; `target` and `operation` say where, `reason` why.
 * A failed apply (../targets/apply-report.ts) carries its report (`applied`, `unknown`, `notApplied`); a step made of
 * several calls that failed after its first calls took effect carries `partlyApplied` ("key k1 was deactivated, not
 * deleted"). They keep this one code: callers branch on `ERR_JWKS_TARGET` for every failed target call.
 */
export class JwksTargetError extends JwkError {
  static override readonly code: string = "ERR_JWKS_TARGET";
  readonly target: string;
  readonly operation: string;
  /**
   * Why, without target and operation (the message is `<target>: <operation> failed: <reason>`). Non-enumerable,
   * like the message: it may quote a vendor's text, which stays out of serialised errors.
   */
  declare readonly reason: string;
  declare readonly applied?: readonly string[];
  declare readonly unknown?: readonly string[];
  declare readonly notApplied?: readonly string[];
  declare readonly partlyApplied?: string;

  constructor(
    target: string,
    operation: string,
    reason: string,
    options?: { cause?: unknown; report?: ApplyReport; partlyApplied?: string },
  ) {
    super(`${target}: ${operation} failed: ${reason}`, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = options?.report ? "JwksApplyError" : options?.partlyApplied !== undefined ? "JwksPartlyAppliedError" : "JwksTargetError";
    this.target = target;
    this.operation = operation;
    Object.defineProperty(this, "reason", { value: reason, enumerable: false });
    // Set only when present, so a plain target failure has no empty report fields.
    if (options?.report)
      Object.assign(this, {
        applied: [...options.report.applied],
        unknown: [...options.report.unknown],
        notApplied: [...options.report.notApplied],
      });
    if (options?.partlyApplied !== undefined) Object.assign(this, { partlyApplied: options.partlyApplied });
  }
}

/**
 * Why `cause` failed, as a sentence about `target` that does not name the target again: `<operation> failed:
 * <reason>` for a failed call on it (read from the fields), otherwise the cause's message without a leading
 * `<target>: ` (errors that carry no operation, and errors not of this package).
 */
export function reasonAbout(target: string, cause: unknown): string {
  const call = targetCall(cause);
  if (call && call.target === target) return `${call.operation} failed: ${call.reason}`;
  const message = String((cause as { message?: unknown } | undefined)?.message ?? cause);
  return message.startsWith(`${target}: `) ? message.slice(target.length + 2) : message;
}

/** Why `cause` failed, as the reason of `step` on `target`: without the target, and without the step when it is the call that failed. */
export function reasonOfStep(target: string, step: string, cause: unknown): string {
  const call = targetCall(cause);
  if (call && call.target === target && call.operation === step) return call.reason;
  return reasonAbout(target, cause);
}

/** The target, operation and reason of a failed call on a target (an HTTP call or a target's read or write). */
function targetCall(e: unknown): { target: string; operation: string; reason: string } | undefined {
  return hasCode(e, JwksTargetError) || hasCode(e, JwksHttpError) ? e : undefined;
}

/**
 * A target that no longer exists: an Okta app that was deleted, a Janssen config-api that no longer serves the key
 * set at its URL. Adapters throw this only when the answer says the target itself is gone, never for an unreachable
 * host or a path the server does not know (a mistyped URL): those stay ordinary errors, because dropping a resource
 * from the stack on a typo would orphan every key it published.
 *
 * `pulumi refresh` turns it into "the resource is gone" (the dynamic provider's `read` returns no id) and destroy
 * into "nothing left to withdraw"; create and update fail with its message.
 */
export class JwksTargetGoneError extends JwkError {
  static override readonly code: string = "ERR_JWKS_TARGET_GONE";
  /** The target's name, e.g. `okta https://acme.okta.com app 0oa1`. */
  readonly target: string;
  /** Why the answer means "gone", without any response body, e.g. `HTTP 404 E0000007: the app does not exist`. */
  readonly reason: string;

  constructor(target: string, reason: string, options?: { cause?: unknown }) {
    super(`${target}: the target does not exist (${reason})`, options);
    this.name = "JwksTargetGoneError";
    this.target = target;
    this.reason = reason;
  }
}

/** Whether `e` says the target is gone (from any loaded copy of the package). */
export function isTargetGone(e: unknown): e is JwksTargetGoneError {
  return hasCode(e, JwksTargetGoneError);
}

/** Another process held the lock for longer than the bounded wait, or the lock could not be made at all. */
export class JwksLockError extends JwkError {
  static override readonly code: string = "ERR_JWKS_LOCKED";
  readonly target: string;

  constructor(target: string, message: string, options?: { cause?: unknown }) {
    super(`${target}: lock failed: ${message}`, options);
    this.name = "JwksLockError";
    this.target = target;
  }
}

export interface Refusal {
  /** The step, e.g. `remove key k1`. */
  step: string;
  /** The server's answer and what would change it, e.g. `HTTP 400 E0000001 ... Okta keeps ...`. */
  reason: string;
}

/**
 * Some keys could not be withdrawn; `removed`, `refused` and `notAttempted` say exactly which. The way out names
 * the resource's URN when `urn` is given (see {@link withResourceUrn}): its type token is the one of the form
 * that runs it (`jwk:index:JwkSet` in the plugin form, `pulumi-nodejs:dynamic/pulumi-jwk:JwkSet` in the dynamic
 * one, or the ClientKeyBinding's), so the message never guesses it.
 */
export class JwksWithdrawIncompleteError extends JwkError {
  static override readonly code: string = "ERR_JWKS_WITHDRAW_INCOMPLETE";
  readonly target: string;
  readonly removed: string[];
  readonly refused: Refusal[];
  readonly notAttempted: string[];
  readonly stoppedBecause: string | undefined;
  readonly urn: string | undefined;

  constructor(target: string, removed: string[], refused: Refusal[], notAttempted: string[], stoppedBecause?: string, urn?: string) {
    const total = removed.length + refused.length + notAttempted.length;
    const lines = [
      `${target}: destroy removed ${removed.length} of the ${total} keys this resource published${removed.length > 0 ? ` (${removed.map(kidOf).join(", ")})` : ""}.`,
      ...refused.map((r) => `Not removed: ${kidOf(r.step)}: ${r.reason}`),
      ...(notAttempted.length > 0
        ? [`Not attempted: ${notAttempted.map(kidOf).join(", ")} (stopped: ${stoppedBecause ?? "the failure above would repeat"}).`]
        : []),
      "The resource stays in the stack, owning these keys. Either fix what the server objects to and run `pulumi destroy` again " +
        "(it reads the live set first and removes only what is still there), or abandon the keys (they stay published, owned by no " +
        "stack) with " +
        (urn !== undefined
          ? `\`pulumi state delete '${urn}'\`.`
          : "`pulumi state delete '<URN>'`: the URN ends in `::<type>::<resource name>` (`pulumi stack --show-urns` lists it)."),
    ];
    super(lines.join("\n"));
    this.name = "JwksWithdrawIncompleteError";
    this.target = target;
    this.removed = removed;
    this.refused = refused;
    this.notAttempted = notAttempted;
    this.stoppedBecause = stoppedBecause;
    this.urn = urn;
  }
}

/**
 * `e` with its way out naming `urn`, the URN of the resource whose destroy failed, when `e` is a
 * {@link JwksWithdrawIncompleteError} and the URN is known; otherwise `e` as it is. Called by the provider
 * methods, which know their resource's URN (`__urn`).
 *
 * @example
 * catch (e) { throw withResourceUrn(e, olds.__urn); }
 */
export function withResourceUrn(e: unknown, urn: string | undefined): unknown {
  if (urn === undefined || !hasCode(e, JwksWithdrawIncompleteError) || e.urn !== undefined) return e;
  const named = new JwksWithdrawIncompleteError(e.target, e.removed, e.refused, e.notAttempted, e.stoppedBecause, urn);
  named.stack = [named.stack?.split("\n")[0] ?? "", ...(e.stack ?? "").split("\n").filter((l) => /^\s+at /.test(l))].join("\n");
  return named;
}

/** `remove key k1` reads as `key k1` in the summary. */
const kidOf = (step: string) => (step.startsWith("remove ") ? step.slice("remove ".length) : step);

/** Which declared kids a read-only target does not serve as declared (JwkSet's `Drift`). */
export interface UnservedKids {
  missing: string[];
  changed: string[];
  unexpected: string[];
}

/** The declared keys were not served within the wait; `drift` says which kids are missing, changed or unexpected. */
export class JwksNotServedError extends JwkError {
  static override readonly code: string = "ERR_JWKS_NOT_SERVED";
  readonly target: string;
  readonly drift: UnservedKids | undefined;

  constructor(target: string, waitedMs: number, problem: string, drift?: UnservedKids, options?: { cause?: unknown }) {
    super(
      `${target}: ${problem}, after waiting ${Math.round(waitedMs / 1000)} s. This target is read-only: publish the keys ` +
        "where this URL is served from (or wait for its cache), raise target.waitSeconds, or change the declared keys.",
      options,
    );
    this.name = "JwksNotServedError";
    this.target = target;
    this.drift = drift;
  }
}

/** The live document does not parse and additive mode will not overwrite it. */
export class JwksUnparsableError extends JwkError {
  static override readonly code: string = "ERR_JWKS_UNPARSABLE";
  readonly target: string;

  constructor(target: string, reason: string, during: "publish" | "destroy", options?: { cause?: unknown }) {
    const waysOut =
      during === "publish"
        ? 'Fix the document (or remove it if nothing else publishes there), or set mode: "exclusive" to replace it with the ' +
          "declared keys (a copy of it is kept beside it), then run again."
        : "Fix the document and run `pulumi destroy` again, or abandon whatever this resource published there with " +
          "`pulumi state delete '<URN>'` (`pulumi stack --show-urns` lists it).";
    super(
      `${target}: the live document does not parse (${reason}). Additive mode leaves keys it did not publish alone, so ` +
        `nothing was changed. ${waysOut}`,
      options,
    );
    this.name = "JwksUnparsableError";
    this.target = target;
  }
}
