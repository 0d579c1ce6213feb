/**
 * Batched refresh reads of Okta apps (clients/listed-reads.ts): `GET /api/v1/apps?limit=200` lists the org's
 * apps in pages of the spec's maximum, following the `Link: <...>; rel="next"` header as an opaque URL (Okta:
 * "follow it, don't parse it"). A listed OIDC app carries what a single read takes from two calls: the token
 * endpoint auth method (`credentials.oauthClient.token_endpoint_auth_method`, as GET /api/v1/apps/{appId}) and
 * its keys (`settings.oauthClient.jwks.keys`, OpenIdConnectApplicationSettingsClientKeys: the same
 * OAuth2ClientJson*KeyResponse objects, with Okta id and status, as the app JWKS API lists).
 *
 * One listing per org and caller (auth scheme and token variable: a list shows what its token may see). Every
 * write to an app of the org through this process (the app object or its keys, by a binding or a JwkSet) goes
 * through `writing`, so a read after it is never answered from a list taken before it.
 *
 * @see https://developer.okta.com/docs/api/openapi/okta-management/management/tag/Application/#tag/Application/operation/listApplications
 */
import { ClientResponseError } from "../../errors";
import type { HttpClient } from "../../http/send";
import type { OpenContext } from "../../targets/kind";
import { serverListing, type ServerListing } from "../../clients/listed-reads";
import { isRecord } from "../../core/is-record";
import { writerKey } from "../../targets/queue";

/** Apps per page: the maximum of listApplications' `limit` in Okta's spec. */
export const OKTA_APPS_PAGE_SIZE = 200;

/** The URL of the `rel="next"` link of a `Link` header (one header or several, each may list several), if any. Pure. */
export function nextLink(link: string | string[] | undefined): string | undefined {
  for (const part of [link ?? []].flat().flatMap((l) => l.split(","))) {
    const m = /<([^>]*)>\s*;\s*rel="?next"?/.exec(part);
    if (m?.[1] !== undefined) return m[1];
  }
  return undefined;
}

/** Every app of the org by id, page by page. A next link to another origin is refused: the token goes nowhere else. */
async function listOktaApps(http: HttpClient, name: string): Promise<Map<string, Record<string, unknown>>> {
  const origin = http.urlOf("").origin;
  const all = new Map<string, Record<string, unknown>>();
  const asked = new Set<string>();
  let path: string | undefined = `api/v1/apps?limit=${OKTA_APPS_PAGE_SIZE}`;
  while (path !== undefined) {
    asked.add(http.urlOf(path).href);
    const response = await http.send({ operation: "list the apps", method: "GET", path, expect: [200] });
    if (!Array.isArray(response.body)) throw new ClientResponseError(name, "list the apps", "the response is not a list of apps");
    for (const app of response.body) if (isRecord(app) && typeof app.id === "string") all.set(app.id, app);
    const next = nextLink(response.headers.link);
    if (next === undefined || response.body.length === 0) break;
    const url = http.urlOf(next);
    if (url.origin !== origin) throw new ClientResponseError(name, "list the apps", `the next page is on another origin (${url.origin})`);
    // A next link back to a page already read would never end.
    path = asked.has(url.href) ? undefined : url.href;
  }
  return all;
}

export interface OktaAppsListingConfig {
  orgUrl: string;
  auth?: "ssws" | "bearer" | undefined;
  tokenEnv?: string | undefined;
}

/**
 * The org's app listing as this operation sees it: `lookup(appId)` for refresh reads, `writing` around every write.
 *
 * @example
 * const apps = oktaAppsListing(config, http, context);
 * const app = (await apps.lookup(config.appId)) ?? (await getApp());
 */
export function oktaAppsListing(
  config: OktaAppsListingConfig,
  http: HttpClient,
  name: string,
  context: OpenContext,
): ServerListing<Record<string, unknown>> {
  return serverListing(
    {
      server: writerKey(config.orgUrl, "apps"),
      caller: JSON.stringify([config.auth ?? "ssws", config.tokenEnv ?? "OKTA_API_TOKEN"]),
      scope: context.dispatcher,
    },
    () => listOktaApps(http, name),
  );
}

/** A listed app's keys (`settings.oauthClient.jwks.keys`); `undefined` when it has none there (not an OIDC app,
 * keys by jwks_uri, or none at all): the caller then asks the app JWKS API, as a single read does. Pure. */
export function listedAppKeys(app: Record<string, unknown>): unknown[] | undefined {
  const settings = app.settings;
  const client = isRecord(settings) ? settings.oauthClient : undefined;
  const jwks = isRecord(client) ? client.jwks : undefined;
  return isRecord(jwks) && Array.isArray(jwks.keys) ? jwks.keys : undefined;
}
