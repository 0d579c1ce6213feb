/**
 * The rotation lifecycle's refusals, each with a fixed code (branch on `code`, see ../errors.ts).
 */
import { JwkError } from "../../errors";

/** A change would remove a retiring key before the window it was promised when it stopped signing. */
export class RotationRetireWindowError extends JwkError {
  static readonly code = "ERR_JWKS_ROTATION_RETIRE_WINDOW";
  /** The kid that would go early, and how long its window still runs. */
  readonly kid: string;
  readonly leftMs: number;
  constructor(kid: string, leftMs: number, message: string) {
    super(RotationRetireWindowError.code, message);
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
  static readonly code = "ERR_JWKS_ROTATION_INVARIANT";
  constructor(message: string) {
    super(RotationInvariantError.code, `rotation guardrail: ${message}; nothing was changed`);
    this.name = "RotationInvariantError";
  }
}
