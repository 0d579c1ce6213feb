/**
 * ReachFive's own failures that are not HTTP errors (those stay `JwksHttpError`, with ReachFive's error code as
 * `vendorCode`): answers that arrived but cannot be used, and refusals specific to ReachFive's rules. Each class
 * extends the package's one base (provider/errors/base.ts) and has a fixed code (docs/errors.md lists them).
 */
import { JwkError } from "../../errors/base";

/** A 2xx answer whose body is not what the Management API sends (a proxy page, a changed API). */
export class ReachFiveResponseError extends JwkError {
  static override readonly code: string = "ERR_JWKS_REACHFIVE_RESPONSE";

  constructor(target: string, operation: string, problem: string) {
    super(`${target}: ${operation}: unexpected answer: ${problem}`);
    this.name = "ReachFiveResponseError";
  }
}

/** A client that signs with HS256 (its client secret) has no key pair to bind, rotate or revoke. */
export class ReachFiveHs256ClientError extends JwkError {
  static override readonly code: string = "ERR_JWKS_REACHFIVE_HS256_CLIENT";

  constructor(target: string, clientId: string) {
    super(
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
  static override readonly code: string = "ERR_JWKS_REACHFIVE_NOT_SETTLED";

  constructor(target: string, what: string) {
    super(`${target}: ${what}`);
    this.name = "ReachFiveNotSettledError";
  }
}

/** A kid to revoke is the one signing the client's tokens (and the binding does not rotate it away first). */
export class ReachFiveRevokeInUseError extends JwkError {
  static override readonly code: string = "ERR_JWKS_REACHFIVE_REVOKE_IN_USE";
  readonly kid: string;

  constructor(client: string, kid: string) {
    super(
      `${client}: reachfive.revokeKids names "${kid}", the pair signing the client's tokens now; nothing was changed. ` +
        "Rotate first (change reachfive.rotationTrigger, or switch keyPair), then revoke it in the same or a later up",
    );
    this.name = "ReachFiveRevokeInUseError";
    this.kid = kid;
  }
}

/** Some steps of an up were applied on the server before one failed: says which, and which failed. */
export class ReachFivePartlyAppliedError extends JwkError {
  static override readonly code: string = "ERR_JWKS_REACHFIVE_PARTLY_APPLIED";
  readonly applied: string[];
  readonly failed: string;

  constructor(client: string, applied: string[], failed: string, cause: unknown) {
    super(
      `${client}: applied: ${applied.join(", ")}; then failed: ${failed}: ${(cause as Error)?.message ?? String(cause)}. ` +
        "The applied steps stay (a rotation cannot be undone); run up again to finish",
      { cause },
    );
    this.name = "ReachFivePartlyAppliedError";
    this.applied = applied;
    this.failed = failed;
  }
}

/**
 * A 404 to a client read that does not prove the client is gone (client-gone.ts): the binding is kept and the
 * operation fails instead of dropping it.
 */
export class ReachFiveClientUnclearError extends JwkError {
  static override readonly code: string = "ERR_JWKS_REACHFIVE_CLIENT_UNCLEAR";

  constructor(target: string, clientId: string, why: string) {
    super(
      `${target}: client "${clientId}" answered 404, but ${why}; the binding is kept. Check the url; if the client ` +
        "was deleted, remove the binding from the stack with `pulumi state delete <urn>`",
    );
    this.name = "ReachFiveClientUnclearError";
  }
}
