/**
 * Errors of the PingOne adapter, each with a fixed code. HTTP failures stay `JwksHttpError` (ERR_JWKS_HTTP, with
 * PingOne's `code` as `vendorCode`); these are the answers that arrived but cannot be used.
 */
import { JwkError } from "../../errors";

/** A 2xx answer whose body is not what PingOne documents (a proxy page, a changed API): nothing is guessed from it. */
export class PingOneResponseError extends JwkError {
  static readonly code = "ERR_JWKS_PINGONE_RESPONSE";
  constructor(target: string, operation: string, why: string) {
    super(PingOneResponseError.code, `${target}: ${operation}: unexpected answer from PingOne: ${why}`);
    this.name = "PingOneResponseError";
  }
}

/**
 * A policy JWKS whose keys cannot be told apart: PingOne names KrpKeys with time-based UUIDs (version 1) and the
 * newest is the NEXT key; a kid that is no UUIDv1, or fewer than two keys, leaves CURRENT and NEXT unknown.
 */
export class PingOneKeyOrderError extends JwkError {
  static readonly code = "ERR_JWKS_PINGONE_KEY_ORDER";
  constructor(target: string, why: string) {
    super(PingOneKeyOrderError.code, `${target}: cannot tell the current key from the next one: ${why}`);
    this.name = "PingOneKeyOrderError";
  }
}

/** PingOne refused to change an application's signing policy, with its reason; the application is unchanged. */
export class PingOneBindingError extends JwkError {
  static readonly code = "ERR_JWKS_PINGONE_BINDING";
  constructor(message: string, options?: { cause?: unknown }) {
    super(PingOneBindingError.code, message, options);
    this.name = "PingOneBindingError";
  }
}
