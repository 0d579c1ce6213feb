/**
 * `kind: "url"`: the JWKS at a URL, read through the hardened fetcher (fetch-jwks.ts) and never written. The
 * target only lists; waiting for keys to appear is the JwkSet's logic (resources/jwkset/observe.ts).
 */
import type { TargetKind } from "../kind";
import { optionalPositiveIntFailures, unknownMemberFailures, urlFailures } from "../kind";
import { fetchJwks } from "../../http/fetch-jwks";
import type { Observed } from "../capabilities";
import type { KeySetTarget, UrlTargetConfig } from "../types";

const MEMBERS = ["url", "timeoutMs", "waitSeconds"] as const;

/** Default wait for a CDN or cache to serve newly declared keys. */
export const DEFAULT_WAIT_SECONDS = 60;

/**
 * The URL as named in messages and the target's name: without its query, which may hold a token (the fetcher's
 * errors leave it out too).
 */
const named = (url: string) => url.split("?")[0];

/**
 * A JWKS URL may have a query string, as the CLI's may (Azure AD serves an app's keys at
 * `.../discovery/keys?appid=...`): this target sends no credentials and never names the query. User info and a
 * fragment stay refused (the shared rule, applied to the URL without its query).
 */
function jwksUrlFailures(value: unknown, path: string) {
  return urlFailures(typeof value === "string" && !value.includes("#") ? named(value) : value, path);
}

/**
 * Opens a JWKS URL as a read-only target.
 *
 * @example
 * const t = urlTarget({ kind: "url", url: "https://idp.example.com/.well-known/jwks.json" })
 * const live = await t.list()
 */
export function urlTarget(config: UrlTargetConfig, dispatcher?: import("undici").Dispatcher): KeySetTarget & Observed {
  return {
    name: `url ${named(config.url)}`,
    observed: { waitMs: (config.waitSeconds ?? DEFAULT_WAIT_SECONDS) * 1000 },
    list: async () => (await fetchJwks(config.url, { timeoutMs: config.timeoutMs, dispatcher })).keys,
  };
}

function waitFailures(value: unknown, path: string) {
  return value === undefined || (Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 3600)
    ? []
    : [{ property: path, reason: "must be a whole number of seconds from 0 to 3600" }];
}

/** Registry entry for `kind: "url"`. */
export const urlKind: TargetKind<UrlTargetConfig> = {
  configFailures: (c, path) => [
    ...unknownMemberFailures(c, MEMBERS, path),
    ...jwksUrlFailures(c.url, `${path}.url`),
    ...optionalPositiveIntFailures(c.timeoutMs, `${path}.timeoutMs`),
    ...waitFailures(c.waitSeconds, `${path}.waitSeconds`),
  ],
  identity: (c) => c.url,
  lifecycle: false,
  open: (c, context) => urlTarget(c, context.dispatcher),
};
