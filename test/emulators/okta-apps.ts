/**
 * The Okta emulator's app objects (`GET /api/v1/apps`, `GET`/`PUT /api/v1/apps/{appId}`, specs/okta-apps-app.json)
 * for OAuth 2.0 (OIDC) apps: what a client key binding reads and changes there, the app's
 * `credentials.oauthClient.token_endpoint_auth_method`, and the app's keys as `settings.oauthClient.jwks.keys`
 * (OpenIdConnectApplicationSettingsClientKeys: the same key objects the app JWKS API returns). The rest of the app is kept as the client sent it, as
 * replaceApplication replaces the whole object. Rules applied, from the spec's schemas and Okta's docs: the
 * method is one of OAuthEndpointAuthenticationMethod; the app's `name` and `signOnMode` cannot change; and
 * private_key_jwt needs a key (Okta: "jwks or jwks_uri is required for private_key_jwt") — ours: an ACTIVE
 * signing key in the app's JWKS.
 */
import type { OperationRequest, Reply } from "./server";

/** What the emulator keeps per app (okta.ts owns the keys). */
export interface StoredApp {
  label: string;
  tokenEndpointAuthMethod: string;
  created: Date;
  lastUpdated: Date;
  /** Keeps only the keys whose kid is listed (replaceApplication with `settings.oauthClient.jwks`). */
  retainKeys(kids: ReadonlySet<string>): void;
}

const METHODS = ["client_secret_basic", "client_secret_jwt", "client_secret_post", "none", "private_key_jwt"];

/** Apps per page of listApplications when `limit` is absent or not positive (the spec's default, -1, names no
 * number; its maximum is 200). */
const MAX_LIMIT = 200;

/**
 * The app as GET /api/v1/apps/{appId} and GET /api/v1/apps return it; `keys` as the app JWKS API renders them.
 * An app without keys has no `jwks` member (the spec does not require one).
 */
export function renderApp(appId: string, app: StoredApp, keys: readonly unknown[]): Record<string, unknown> {
  const jwks = keys.length > 0 ? { jwks: { keys } } : {};
  return {
    id: appId,
    name: "oidc_client",
    label: app.label,
    status: "ACTIVE",
    signOnMode: "OPENID_CONNECT",
    created: app.created.toISOString(),
    lastUpdated: app.lastUpdated.toISOString(),
    credentials: { oauthClient: { client_id: appId, autoKeyRotation: true, token_endpoint_auth_method: app.tokenEndpointAuthMethod } },
    settings: { oauthClient: { application_type: "service", grant_types: ["client_credentials"], response_types: ["token"], ...jwks } },
  };
}

/** The Link header of a page: `self`, and `next` (cursor `after`: the last app id of this page) unless it is the last. */
function pageLinks(origin: string, limit: number, after: string | undefined, last: string | undefined): string {
  const url = (cursor: string | undefined) =>
    `${origin}/api/v1/apps?${cursor !== undefined ? `after=${encodeURIComponent(cursor)}&` : ""}limit=${limit}`;
  return [`<${url(after)}>; rel="self"`, ...(last !== undefined ? [`<${url(last)}>; rel="next"`] : [])].join(", ");
}

/** What the app handlers need of the emulator: its apps in creation order, and each app's keys as the JWKS API renders them. */
export interface AppStore {
  appOr404(appId: string): StoredApp | Reply;
  all(): Iterable<[string, StoredApp]>;
  renderKeys(appId: string): unknown[];
}

/**
 * Handlers for listApplications, getApplication and replaceApplication over the emulator's apps. The list pages
 * by `limit` and the `after` cursor of the `next` link (the spec: follow the link, do not parse it); the filters
 * (`q`, `filter`, `expand`, `useOptimization`) are not emulated and fail the request loudly.
 */
export function appHandlers(store: AppStore, invalid: (cause: string) => Reply): Record<string, (req: OperationRequest) => Reply> {
  const { appOr404 } = store;
  return {
    listApplications: (req) => {
      for (const p of ["q", "filter", "expand", "useOptimization"])
        if (req.query[p] !== undefined) throw new Error(`okta emulator: listApplications ${p} is not emulated`);
      const asked = Number(req.query.limit ?? -1);
      const limit = asked > 0 ? Math.min(asked, MAX_LIMIT) : MAX_LIMIT;
      const after = req.query.after;
      const ids = [...store.all()].map(([id]) => id);
      const start = after === undefined ? 0 : ids.indexOf(after) + 1;
      const page = ids.slice(start, start + limit);
      const more = start + limit < ids.length;
      return {
        status: 200,
        headers: { Link: pageLinks(req.origin, limit, after, more ? page[page.length - 1] : undefined) },
        body: page.map((id) => renderApp(id, appOr404(id) as StoredApp, store.renderKeys(id))),
      };
    },
    getApplication: (req) => {
      const app = appOr404(req.params.appId!);
      return "status" in app ? app : { status: 200, body: renderApp(req.params.appId!, app, store.renderKeys(req.params.appId!)) };
    },
    replaceApplication: (req) => {
      const appId = req.params.appId!;
      const app = appOr404(appId);
      if ("status" in app) return app;
      const body = req.body as {
        name?: unknown;
        signOnMode?: unknown;
        label?: unknown;
        credentials?: { oauthClient?: Record<string, unknown> };
      };
      if (body.name !== "oidc_client" || body.signOnMode !== "OPENID_CONNECT")
        return invalid("name and signOnMode of an app cannot change");
      const method = body.credentials?.oauthClient?.token_endpoint_auth_method ?? app.tokenEndpointAuthMethod;
      if (typeof method !== "string" || !METHODS.includes(method))
        return invalid(`token_endpoint_auth_method: must be one of ${METHODS.join(", ")}`);
      // A whole-app replace carries the app's keys: those it no longer lists are gone (Okta on its client keys: "all
      // the old keys are overwritten"). Keys the body adds are not emulated: refused, never silently ignored.
      const listed = (body as { settings?: { oauthClient?: { jwks?: { keys?: unknown } } } }).settings?.oauthClient?.jwks?.keys;
      const held = store.renderKeys(appId) as { kid?: unknown; use?: unknown; status?: unknown }[];
      const kids = Array.isArray(listed) ? new Set(listed.map((k) => String((k as { kid?: unknown }).kid))) : undefined;
      const unknown = [...(kids ?? [])].filter((kid) => !held.some((k) => k.kid === kid));
      if (unknown.length > 0) return invalid(`emulator: adding keys (${unknown.join(", ")}) through replaceApplication is not emulated`);
      const kept = kids ? held.filter((k) => kids.has(String(k.kid))) : held;
      if (method === "private_key_jwt" && !kept.some((k) => k.use === "sig" && k.status === "ACTIVE"))
        return invalid("jwks or jwks_uri is required for private_key_jwt");
      if (kids) app.retainKeys(kids);
      app.tokenEndpointAuthMethod = method;
      if (typeof body.label === "string") app.label = body.label;
      app.lastUpdated = new Date();
      return { status: 200, body: renderApp(appId, app, store.renderKeys(appId)) };
    },
  };
}
