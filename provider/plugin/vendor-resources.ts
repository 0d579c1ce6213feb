/**
 * The vendors' own resources in the plugin form: `jwk:index:PingOneKeyRotationPolicy` and
 * `jwk:index:ReachFiveAccountKey`, each the guarded methods its TypeScript class runs (the vendor folder's
 * entry.ts), adapted by dynamic-handler.ts. Their inputs hold no secret (credentials come from the
 * environment) and no output is one (the vendor keeps the private keys).
 *
 * Import ids:
 * - ReachFiveAccountKey: the account's URL (`https://acme.reach5.net`), or the id the resource got at create
 *   (`reachfive:https://acme.reach5.net`). The current pair is adopted; nothing is rotated.
 * - PingOneKeyRotationPolicy: not importable yet (its state records the fields as declared, which a live policy
 *   cannot tell); declare it and replace the console's policy, or keep managing that one in the console.
 */
import policyMethods from "../vendors/pingone/key-rotation-policy/entry";
import accountKeyMethods from "../vendors/reachfive/account-key/entry";
import { openReachFive } from "../vendors/reachfive/api";
import { accountKeyInputFailures, adoptAccountKey } from "../vendors/reachfive/account-key/logic";
import { JwksImportIdError } from "../errors";
import { guarded } from "../pulumi/guard";
import { progress } from "../pulumi/progress";
import { dynamicHandler } from "./dynamic-handler";
import type { ResourceHandler } from "./handler";

export const pingOnePolicyResource: ResourceHandler = dynamicHandler(policyMethods, {
  type: "jwk:index:PingOneKeyRotationPolicy",
  importing: {
    refused: "its state records the policy's fields as declared, which the live policy cannot tell; declare the policy instead",
  },
});

const ACCOUNT_ID_PREFIX = "reachfive:";

/** The account URL of a ReachFiveAccountKey import id, checked like the `url` input. */
export function accountUrlOfImportId(id: string): string {
  const text = id.trim();
  const url = text.startsWith(ACCOUNT_ID_PREFIX) ? text.slice(ACCOUNT_ID_PREFIX.length) : text;
  const failures = accountKeyInputFailures({ url });
  if (failures.length > 0) {
    const why = failures.map((f) => `${f.property}: ${f.reason}`).join("; ");
    throw new JwksImportIdError(id, `expected the account's URL (https://<account>.reach5.net) or reachfive:<URL>; ${why}`);
  }
  return url;
}

export const reachFiveAccountKeyResource: ResourceHandler = dynamicHandler(accountKeyMethods, {
  type: "jwk:index:ReachFiveAccountKey",
  importing: {
    adopt: (id) =>
      guarded({ properties: [], texts: [] }, async () => {
        const url = accountUrlOfImportId(id);
        const props = await adoptAccountKey({ url }, openReachFive(url, { log: progress }));
        return { id: `${ACCOUNT_ID_PREFIX}${url}`, props: { ...props }, inputs: { url } };
      }),
  },
});
