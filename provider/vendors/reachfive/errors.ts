/**
 * ReachFive's own failures, each with a fixed code. HTTP failures stay `JwksHttpError` (ERR_JWKS_HTTP, with
 * ReachFive's `error` as the vendor code and `error_description` as the message, see http.ts `vendorError`).
 */
import { JwkError } from "../../errors";

/** A 2xx answer whose body is not what the Management API sends (a proxy page, a changed API). */
export class ReachFiveResponseError extends JwkError {
  static readonly code = "ERR_JWKS_REACHFIVE_RESPONSE";
  constructor(target: string, operation: string, problem: string) {
    super(ReachFiveResponseError.code, `${target}: ${operation}: unexpected answer: ${problem}`);
    this.name = "ReachFiveResponseError";
  }
}

/** A client that signs with HS256 (its client secret) has no key pair to bind, rotate or revoke. */
export class ReachFiveHs256ClientError extends JwkError {
  static readonly code = "ERR_JWKS_REACHFIVE_HS256_CLIENT";
  constructor(target: string, clientId: string) {
    super(
      ReachFiveHs256ClientError.code,
      `${target}: client "${clientId}" signs its tokens with HS256 (its client secret), so it has no key pair to bind: ` +
        "switch it to RS256 in the ReachFive Console first, or leave it out of ClientKeyBinding",
    );
    this.name = "ReachFiveHs256ClientError";
  }
}

/**
 * A change applied on the server that did not show up where it must (a rotation whose new kid /jwks.json does not
 * list): the change happened, so the message says what the server holds now.
 */
export class ReachFiveNotSettledError extends JwkError {
  static readonly code = "ERR_JWKS_REACHFIVE_NOT_SETTLED";
  constructor(target: string, what: string) {
    super(ReachFiveNotSettledError.code, `${target}: ${what}`);
    this.name = "ReachFiveNotSettledError";
  }
}
