/**
 * `ReachFiveAccountKey`: the account-wide (global) RSA key pair of a ReachFive account. ReachFive generates and
 * keeps the private key; the stack declares when to rotate it.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ReachFiveKey } from "../responses";
import { ownUrn, StubbedDynamicResource } from "../../../pulumi/stub";

/** Inputs of a {@link ReachFiveAccountKey}. */
export interface ReachFiveAccountKeyArgs {
  /** The account's domain, e.g. `https://acme.reach5.net`. Another URL is another account (replace). */
  url: pulumi.Input<string>;
  /**
   * Any value; changing it rotates the account pair on the next up (one `POST /api/v1/site/keys`). Creating the
   * resource adopts the current pair and rotates nothing.
   */
  rotationTrigger?: pulumi.Input<unknown>;
}

/**
 * The global key pair that signs the tokens of every ReachFive client synced to it. Outputs: `kid` and
 * `publicJwk` (read from `/jwks.json`), and `drift` after a refresh found the pair rotated outside the stack.
 * Management credentials: `REACHFIVE_MANAGEMENT_CLIENT_ID` and `REACHFIVE_MANAGEMENT_CLIENT_SECRET`.
 *
 * @example
 * const account = new ReachFiveAccountKey("r5", { url: "https://acme.reach5.net", rotationTrigger: "2026-Q4" });
 * export const kid = account.kid;
 * @see https://developer.reachfive.com/docs/jwks.html
 */
export class ReachFiveAccountKey extends StubbedDynamicResource {
  declare readonly url: pulumi.Output<string>;
  declare readonly rotationTrigger: pulumi.Output<unknown>;
  declare readonly kid: pulumi.Output<string>;
  declare readonly publicJwk: pulumi.Output<ReachFiveKey>;
  declare readonly drift: pulumi.Output<string | undefined>;

  constructor(name: string, args: ReachFiveAccountKeyArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      url: args.url,
      ...(args.rotationTrigger !== undefined ? { rotationTrigger: args.rotationTrigger } : {}),
      kid: undefined,
      publicJwk: undefined,
      drift: undefined,
      // Drift warnings are filed under the resource (engine-log.ts); the host does not pass read its URN.
      __urn: ownUrn("ReachFiveAccountKey", name, opts?.parent),
    };
    super("reachfive-account-key", "ReachFiveAccountKey", name, props, opts);
  }
}
