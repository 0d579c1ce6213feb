/**
 * PingOne's own failures that are not HTTP errors (those stay `JwksHttpError`, with PingOne's error code as
 * `vendorCode`): answers that arrived but cannot be used, and refusals specific to PingOne's rules. Each class
 * extends the package's one base (provider/errors/base.ts) and has a fixed code (docs/errors.md lists them).
 */
import { JwkError } from "../../errors/base";

/** A 2xx answer whose body is not what PingOne documents (a proxy page, a changed API): nothing is guessed from it. */
export class PingOneResponseError extends JwkError {
  static override readonly code: string = "ERR_JWKS_PINGONE_RESPONSE";

  constructor(target: string, operation: string, why: string) {
    super(`${target}: ${operation}: unexpected answer from PingOne: ${why}`);
    this.name = "PingOneResponseError";
  }
}

/**
 * A policy JWKS whose keys cannot be told apart: PingOne names KrpKeys with time-based UUIDs (version 1) and the
 * newest is the NEXT key; a kid that is no UUIDv1, or fewer than two keys, leaves CURRENT and NEXT unknown.
 */
export class PingOneKeyOrderError extends JwkError {
  static override readonly code: string = "ERR_JWKS_PINGONE_KEY_ORDER";

  constructor(target: string, why: string) {
    super(`${target}: cannot tell the current key from the next one: ${why}`);
    this.name = "PingOneKeyOrderError";
  }
}

/** PingOne refused to change an application's signing policy, with its reason; the application is unchanged. */
export class PingOneBindingError extends JwkError {
  static override readonly code: string = "ERR_JWKS_PINGONE_BINDING";

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PingOneBindingError";
  }
}

/** A policy created but not readable back, and removed again (or not: the message says which). */
export class PolicyCreateIncompleteError extends JwkError {
  static override readonly code: string = "ERR_JWKS_PINGONE_CREATE_INCOMPLETE";

  constructor(message: string, cause: unknown) {
    super(message, { cause });
    this.name = "PolicyCreateIncompleteError";
  }
}

/**
 * A create that got no clear answer (timeout, reset, 5xx): PingOne may or may not hold the policy now. It is not
 * sent again (a second POST could make a second policy); the message says what to look for.
 */
export class PolicyCreateUnclearError extends JwkError {
  static override readonly code: string = "ERR_JWKS_PINGONE_CREATE_UNCLEAR";

  constructor(message: string, cause: unknown) {
    super(message, { cause });
    this.name = "PolicyCreateUnclearError";
  }
}
