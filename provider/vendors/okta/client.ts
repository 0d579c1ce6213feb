/**
 * `okta`: an Okta OAuth 2.0 app as a client. Its keys are a set Okta manages per key (the app JWKS API), so they
 * go through the JwkSet's Okta adapter and diff (vendors/okta/target.ts, jwks/diff.ts, targets/apply.ts): one source
 * of truth for Okta's key rules (Okta's own ids, deactivate before delete, one ACTIVE encryption key). The
 * token endpoint auth method lives on the app object (`credentials.oauthClient.token_endpoint_auth_method`),
 * read and replaced with GET/PUT /api/v1/apps/{appId}. Okta apps have no token endpoint signing alg: Okta
 * accepts each key's own alg. A refresh reads the app and its keys from one paged list of the org's apps where it
 * can (`readListed`, listed-apps.ts).
 *
 * @see https://developer.okta.com/docs/api/openapi/okta-management/management/tag/Application/
 */
import { BindingCollisionError, ClientNotFoundError, ClientResponseError, type HttpResponse, type InputFailure } from "../../errors";
import { diffKeySets } from "../../core/jwks/diff";
import { credentialFromEnv } from "../../http/auth";
import { applyDiff } from "../../targets/apply";
import {
  oktaAppIdentity,
  oktaAppName,
  oktaAppWriter,
  oktaHttp,
  oktaKind,
  oktaTarget,
  processOktaKeys,
  type OktaLiveKey,
  type OktaTargetConfig,
} from "./target";
import { withdrawOwnedKeys } from "../../targets/withdraw";
import type { KeyStatus } from "../../targets/types";
import type { ClientBinder, ClientKind, ClientOpenContext, ListedRead, LiveBinding } from "../../clients/types";
import { listedAppKeys, oktaAppsListing } from "./listed-apps";

/**
 * `{ kind: "okta", orgUrl, appId, auth?, tokenEnv?, timeoutMs? }`: an Okta OAuth 2.0 app, named exactly as the
 * Okta key-set target names it (an app's JWKS is its client keys); the API token comes from the environment.
 */
export type OktaClientConfig = Omit<OktaTargetConfig, "ownersFile">;

type App = { credentials?: { oauthClient?: { token_endpoint_auth_method?: unknown } } } & Record<string, unknown>;

/** The app's token endpoint auth method, from a GET /api/v1/apps/{appId} body. */
export function oktaAuthMethod(client: string, body: unknown): string | undefined {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new ClientResponseError(client, "read the app", "the response is not an app object");
  const method = (body as App).credentials?.oauthClient?.token_endpoint_auth_method;
  return typeof method === "string" ? method : undefined;
}

/** The app with another token endpoint auth method: replaceApplication takes the whole object. */
export function withAuthMethod(app: App, method: string): App {
  const credentials = app.credentials ?? {};
  return {
    ...app,
    credentials: { ...credentials, oauthClient: { ...(credentials.oauthClient ?? {}), token_endpoint_auth_method: method } },
  };
}

/**
 * `undefined` (the app is gone) for Okta's own 404 E0000007 naming the app ("... (AppInstance)"); any other 404 (a
 * path that is no API, a proxy) is an error, so a mistyped orgUrl cannot make refresh or destroy drop the binding.
 */
export function oktaAppGone(name: string, res: HttpResponse): undefined {
  const body = res.body as { errorCode?: unknown; errorSummary?: unknown } | undefined;
  if (body?.errorCode === "E0000007" && typeof body.errorSummary === "string" && /\(AppInstance\)\s*$/.test(body.errorSummary))
    return undefined;
  throw new ClientResponseError(name, "read the app", "HTTP 404 that is not Okta's answer for a missing app: check client.orgUrl");
}

/** A key of the app with its status (as the app JWKS API or the app list gives it). */
type KeyWithStatus = Pick<OktaLiveKey, "jwk"> & { status: KeyStatus | undefined };

/** The live binding of an app whose auth method is `method` and whose keys (with their status) are `keys`. Pure. */
function liveBinding(method: string | undefined, keys: readonly KeyWithStatus[]): LiveBinding {
  // An INACTIVE key cannot authenticate: a bound one is drift ("changed"), which up repairs by activating it.
  const inactiveKids = keys.filter((k) => k.status === "INACTIVE" && typeof k.jwk.kid === "string").map((k) => k.jwk.kid as string);
  return {
    keys: keys.map((k) => k.jwk),
    ...(inactiveKids.length > 0 ? { inactiveKids } : {}),
    ...(method !== undefined ? { authMethod: method } : {}),
  };
}

export function oktaClient(config: OktaClientConfig, context: ClientOpenContext = {}): ClientBinder & ListedRead {
  const name = oktaAppName(config);
  // Read here first, so a missing token is reported on the binding's own property (client.tokenEnv).
  const token = credentialFromEnv(config.tokenEnv ?? "OKTA_API_TOKEN", "the Okta API token", "client.tokenEnv");
  const keys = oktaTarget(config, context);
  const http = oktaHttp(name, config, token, context);
  const path = `api/v1/apps/${encodeURIComponent(config.appId)}`;
  const apps = oktaAppsListing(config, http, name, context);
  const getApp = async (): Promise<App | undefined> => {
    const res = await http.send({ operation: "read the app", method: "GET", path, expect: [200, 404] });
    if (res.status === 404) return oktaAppGone(name, res);
    oktaAuthMethod(name, res.body);
    return res.body as App;
  };
  // The keys as the app JWKS API lists them, each with its status.
  const jwksKeys = async (): Promise<KeyWithStatus[]> =>
    (await keys.list()).map((jwk) => ({ jwk, status: typeof jwk.kid === "string" ? keys.statusOf(jwk.kid) : undefined }));
  const read = async (): Promise<LiveBinding | undefined> => {
    const app = await getApp();
    if (app === undefined) return undefined;
    return liveBinding(oktaAuthMethod(name, app), await jwksKeys());
  };
  const readListed = async (): Promise<LiveBinding | undefined> => {
    const app = await apps.lookup(config.appId);
    // Not in the list (created since, gone, inactive: Okta lists active apps by default), or no list: read singly.
    if (app === undefined) return read();
    const listedKeys = listedAppKeys(app);
    let live: KeyWithStatus[] | undefined;
    try {
      live = listedKeys === undefined ? undefined : processOktaKeys(name, { status: 200, headers: {}, body: listedKeys });
    } catch {
      live = undefined; // keys the JWKS API's own checks would refuse
    }
    // No keys in the listed app (none, or by jwks_uri, or not as the JWKS API gives them): read the app singly.
    return live === undefined ? read() : liveBinding(oktaAuthMethod(name, app), live);
  };
  const mustRead = async () => {
    const live = await read();
    if (live === undefined) throw new ClientNotFoundError(name, "HTTP 404: Okta has no such app");
    return live;
  };
  return {
    name,
    writer: oktaAppWriter(config),
    read,
    readListed,
    async apply(declared, owned) {
      const app = await getApp();
      if (app === undefined) throw new ClientNotFoundError(name, "HTTP 404: Okta has no such app");
      const live = await keys.list();
      const desired = declared.keys ?? [];
      const diff = diffKeySets(desired, live, { mode: declared.mode, owned });
      if (diff.collision.length > 0)
        throw new BindingCollisionError(
          name,
          diff.collision.map((c) => c.desired.kid),
        );
      // Keys first: Okta refuses private_key_jwt on an app without an ACTIVE signing key.
      await applyDiff(keys, live, desired, diff, { mode: declared.mode, statusOf: () => "ACTIVE", log: context.log });
      if (declared.authMethod !== undefined && oktaAuthMethod(name, app) !== declared.authMethod) {
        const method = declared.authMethod;
        // replaceApplication replaces the whole app, its keys (`settings.oauthClient.jwks`) included: send the app
        // as it is now, after the key writes above, not as first read, or the PUT would undo them.
        const current = await getApp();
        if (current === undefined) throw new ClientNotFoundError(name, "HTTP 404: Okta has no such app");
        await apps.writing(() =>
          http.send({
            operation: "set the token endpoint auth method",
            method: "PUT",
            path,
            body: withAuthMethod(current, method),
            expect: [200],
          }),
        );
      }
      return mustRead();
    },
    async release(owned) {
      if ((await getApp()) === undefined) throw new ClientNotFoundError(name, "HTTP 404: Okta has no such app");
      await withdrawOwnedKeys(keys, await keys.list(), owned, context.log);
      return mustRead();
    },
  };
}

/** Registry entry for `kind: "okta"`: the Okta target's checks, plus what an app binding cannot set. */
export const oktaClientKind: ClientKind<OktaClientConfig> = {
  credentialVariables: (c) => [c.tokenEnv ?? "OKTA_API_TOKEN"],
  configFailures: (c, p) => [
    ...oktaKind.configFailures(c, p),
    // The target's owners record is about JwkSets sharing kids; a binding keeps its own kids (its state).
    ...("ownersFile" in c ? [{ property: `${p}.ownersFile`, reason: "unknown member (an owners record is for JwkSet targets)" }] : []),
  ],
  bindingFailures: (declared, p): InputFailure[] => [
    ...(declared.keys !== undefined ? (oktaKind.keyFailures?.(declared.keys, p, []) ?? []) : []),
    ...(declared.jwksUri !== undefined
      ? [{ property: "jwksUri", reason: "the okta kind binds keys through the app JWKS API; give keys" }]
      : []),
    ...(declared.signingAlg !== undefined
      ? [
          {
            property: "auth.signingAlg",
            reason: "Okta apps have no token endpoint signing alg (Okta accepts each key's alg); leave it out",
          },
        ]
      : []),
  ],
  identity: oktaAppIdentity,
  open: oktaClient,
};
