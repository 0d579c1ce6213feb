/**
 * A ReachFive account's signing keys as code. ReachFive generates and keeps every private key; this program
 * declares when the account-wide (global) pair rotates, and that one client signs with a pair of its own.
 *
 * Which account and client: config `url` and `clientId`, else REACHFIVE_URL and REACHFIVE_CLIENT_ID.
 * Management credentials (client credentials at <url>/oauth/token): REACHFIVE_MANAGEMENT_CLIENT_ID and
 * REACHFIVE_MANAGEMENT_CLIENT_SECRET; they never enter inputs or state.
 * Rotate: change a rotationTrigger and run `pulumi up` (one POST each). `pulumi refresh` reports a rotation or
 * re-sync done in the ReachFive Console; a rotated-away pair cannot come back, and up says so.
 */
import * as pulumi from "@pulumi/pulumi";
import { ClientKeyBinding, ReachFiveAccountKey } from "pulumi-jwk";

const config = new pulumi.Config();
const setting = (key: string, env: string): string => {
  const value = config.get(key) ?? process.env[env];
  if (!value) throw new Error(`set config ${key} (pulumi config set ${key} ...) or the environment variable ${env}`);
  return value;
};
const url = setting("url", "REACHFIVE_URL");

const account = new ReachFiveAccountKey("account", { url, rotationTrigger: "2026-11" });
const app = new ClientKeyBinding("app", {
  client: { kind: "reachfive", url, clientId: setting("clientId", "REACHFIVE_CLIENT_ID") },
  reachfive: { keyPair: "client-specific", rotationTrigger: "2026-11", revokeKids: [] },
});

export const accountKid = account.kid;
export const accountPublicJwk = account.publicJwk;
export const clientKeyPair = app.reachfiveKey;
