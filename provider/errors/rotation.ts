/**
 * The rotation lifecycle's refusals (KeyRotation): a key removed before its retire window, a guarantee a step would
 * break, a pinned clock that is no time.
 */
import { JwkError } from "./base";

/** A change would remove a retiring key before the window it was promised when it stopped signing. */
export class RotationRetireWindowError extends JwkError {
  static override readonly code: string = "ERR_JWKS_ROTATION_RETIRE_WINDOW";
  /** The kid that would go early, and how long its window still runs. */
  readonly kid: string;
  readonly leftMs: number;

  constructor(kid: string, leftMs: number, message: string) {
    super(message);
    this.name = "RotationRetireWindowError";
    this.kid = kid;
    this.leftMs = leftMs;
  }
}

/**
 * A lifecycle step would break a guarantee (the current key removed, no signing key left, a key removed early).
 * Never expected: it means a bug, and nothing is applied.
 */
export class RotationInvariantError extends JwkError {
  static override readonly code: string = "ERR_JWKS_ROTATION_INVARIANT";

  constructor(message: string) {
    super(`rotation guardrail: ${message}; nothing was changed`);
    this.name = "RotationInvariantError";
  }
}

/** The variable that pins the rotation clock (`PULUMI_JWK_NOW`) holds something that is not a time. */
export class RotationClockError extends JwkError {
  static override readonly code: string = "ERR_JWKS_ROTATION_CLOCK";

  constructor(variable: string, value: string) {
    super(`${variable} must be an ISO 8601 time or epoch milliseconds, got ${JSON.stringify(value)}`);
    this.name = "RotationClockError";
  }
}
