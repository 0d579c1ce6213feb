/**
 * Failures of a `reachfive` binding that are not bad input or HTTP errors, each with a fixed code.
 */
import { JwkError } from "../../errors";

/** A kid to revoke is the one signing the client's tokens (and the binding does not rotate it away first). */
export class ReachFiveRevokeInUseError extends JwkError {
  static readonly code = "ERR_JWKS_REACHFIVE_REVOKE_IN_USE";
  constructor(client: string, kid: string) {
    super(
      ReachFiveRevokeInUseError.code,
      `${client}: reachfive.revokeKids names "${kid}", the pair signing the client's tokens now; nothing was changed. ` +
        "Rotate first (change reachfive.rotationTrigger, or switch keyPair), then revoke it in the same or a later up",
    );
    this.name = "ReachFiveRevokeInUseError";
  }
}

/** Some steps of an up were applied on the server before one failed: says which, and which failed. */
export class ReachFivePartlyAppliedError extends JwkError {
  static readonly code = "ERR_JWKS_REACHFIVE_PARTLY_APPLIED";
  readonly applied: string[];
  constructor(client: string, applied: string[], failed: string, cause: unknown) {
    super(
      ReachFivePartlyAppliedError.code,
      `${client}: applied: ${applied.join(", ")}; then failed: ${failed}: ${(cause as Error)?.message ?? String(cause)}. ` +
        "The applied steps stay (a rotation cannot be undone); run up again to finish",
      { cause },
    );
    this.name = "ReachFivePartlyAppliedError";
    this.applied = applied;
  }
}
