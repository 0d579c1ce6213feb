/**
 * The Okta emulator's app objects (`GET`/`PUT /api/v1/apps/{appId}`, specs/okta-apps-app.json) for OAuth 2.0
 * (OIDC) apps: what a client key binding reads and changes there, the app's
 * `credentials.oauthClient.token_endpoint_auth_method`. The rest of the app is kept as the client sent it, as
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
  /** Whether the app holds an ACTIVE signing key (private_key_jwt needs one). */
  hasActiveSigningKey(): boolean;
}

const METHODS = ["client_secret_basic", "client_secret_jwt", "client_secret_post", "none", "private_key_jwt"];

/** The app as GET /api/v1/apps/{appId} returns it. */
export function renderApp(appId: string, app: StoredApp): Record<string, unknown> {
  return {
    id: appId,
    name: "oidc_client",
    label: app.label,
    status: "ACTIVE",
    signOnMode: "OPENID_CONNECT",
    created: app.created.toISOString(),
    lastUpdated: app.lastUpdated.toISOString(),
    credentials: { oauthClient: { client_id: appId, autoKeyRotation: true, token_endpoint_auth_method: app.tokenEndpointAuthMethod } },
    settings: { oauthClient: { application_type: "service", grant_types: ["client_credentials"], response_types: ["token"] } },
  };
}

/** Handlers for getApplication and replaceApplication over the emulator's apps. */
export function appHandlers(
  appOr404: (appId: string) => StoredApp | Reply,
  invalid: (cause: string) => Reply,
): Record<string, (req: OperationRequest) => Reply> {
  return {
    getApplication: (req) => {
      const app = appOr404(req.params.appId!);
      return "status" in app ? app : { status: 200, body: renderApp(req.params.appId!, app) };
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
      if (method === "private_key_jwt" && !app.hasActiveSigningKey()) return invalid("jwks or jwks_uri is required for private_key_jwt");
      app.tokenEndpointAuthMethod = method;
      if (typeof body.label === "string") app.label = body.label;
      app.lastUpdated = new Date();
      return { status: 200, body: renderApp(appId, app) };
    },
  };
}
