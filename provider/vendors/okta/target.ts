/**
 * Okta adapter: the JWKS of one OAuth app (`/api/v1/apps/{appId}/credentials/jwks`). Okta keys are addressed
 * by Okta's own id, not the kid, so every list maps kid to id. Okta's rules shape the calls: keys cannot be
 * changed in place, only INACTIVE keys can be deleted (removal is deactivate then delete), and each key has a
 * status (ACTIVE/INACTIVE) that the JwkSet declares.
 *
 * @see https://developer.okta.com/docs/api/openapi/okta-management/management/tag/ApplicationSSOPublicKeys/
 */
import { type InputFailure, isHttpError, JwksTargetError } from "../../errors";
import type { PublicJwk } from "../../core/keys/material";
import { partlyAppliedError } from "../../targets/apply-report";
import { bearerToken, credentialFromEnv } from "../../http/auth";
import { OKTA_RATE_LIMIT_RESET, oktaErrorBody, oktaRateLimitWindow, oktaSsws } from "./http";
import { callOptions, HttpClient, type HttpResponse, type SendOptions } from "../../http/send";
import { oktaDeactivateError, oktaListError } from "./errors";
import {
  optionalPositiveIntFailures,
  optionalStringFailures,
  unknownMemberFailures,
  unstoredMemberFailures,
  urlFailures,
  type OpenContext,
  type TargetKind,
} from "../../targets/kind";
import type { CrossProcessLock, HasOwnersRecord, KeyLifecycle, ListedRefresh, PerKeyWriter } from "../../targets/capabilities";
import { sharedOwnersRecord } from "../../targets/shared-owners";
import { listedAppKeys, oktaAppsListing } from "./listed-apps";
import type { KeySetTarget, KeyStatus } from "../../targets/types";

/** Okta app JWKS (`/api/v1/apps/{appId}/credentials/jwks`). Credentials: an API token from the environment. */
export interface OktaTargetConfig {
  kind: "okta";
  /** Org URL, e.g. `https://acme.okta.com`. */
  orgUrl: string;
  appId: string;
  /** "ssws" (API token, default) or "bearer" (OAuth access token with okta.apps.read/manage). */
  auth?: "ssws" | "bearer";
  /** Environment variable holding the token (default OKTA_API_TOKEN). */
  tokenEnv?: string;
  timeoutMs?: number;
  // A JSON file on storage every stack reaches; relative paths resolve against the program's directory. Without
  // it a stack cannot know that another one declares the same kid (docs/guarantees.md).
  /** Path of an owners record shared by every stack that publishes to this app (Okta keeps nothing beside a key's JWK members). */
  ownersFile?: string;
}
import { writerKey } from "../../targets/queue";

const JWK_MEMBERS = ["kid", "kty", "use", "alg", "crv", "n", "e", "x", "y"];
const EC_CURVE_BY_COORDINATE_BYTES: Record<number, string> = { 32: "P-256", 48: "P-384", 66: "P-521" };
export const OKTA_MAX_KEYS = 50;

export interface OktaLiveKey {
  id: string;
  status: KeyStatus;
  jwk: Record<string, unknown>;
}

/**
 * The keys of a list response: Okta id, status and the JWK members. Okta's published schema has no `crv` on
 * EC keys, so a missing curve is inferred from the coordinate length.
 */
export function processOktaKeys(target: string, response: HttpResponse): OktaLiveKey[] {
  if (!Array.isArray(response.body)) throw new JwksTargetError(target, "list keys", "the response is not an array of keys");
  return response.body.map((raw, i) => {
    const k = raw as Record<string, unknown>;
    if (typeof k !== "object" || k === null || typeof k.id !== "string")
      throw new JwksTargetError(target, "list keys", `key ${i} has no Okta id`);
    if (k.status !== "ACTIVE" && k.status !== "INACTIVE")
      throw new JwksTargetError(target, "list keys", `key ${k.id} has status ${JSON.stringify(k.status)}`);
    const jwk = Object.fromEntries(JWK_MEMBERS.filter((m) => k[m] !== undefined && k[m] !== null).map((m) => [m, k[m]]));
    if (jwk.kty === "EC" && jwk.crv === undefined && typeof jwk.x === "string") {
      const crv = EC_CURVE_BY_COORDINATE_BYTES[Buffer.from(jwk.x, "base64url").length];
      if (crv) jwk.crv = crv;
    }
    return { id: k.id, status: k.status, jwk };
  });
}

/** The HTTP client for one Okta app (keys and the app itself), authorised with `token` as `config.auth` says. */
export function oktaHttp(name: string, config: OktaTargetConfig, token: string, context: OpenContext): HttpClient {
  return new HttpClient({
    target: name,
    baseUrl: config.orgUrl,
    auth: config.auth === "bearer" ? bearerToken(token) : oktaSsws(token),
    ...callOptions(context, config.timeoutMs),
    errorBody: oktaErrorBody,
    rateLimitResetHeader: OKTA_RATE_LIMIT_RESET,
    rateLimitWindow: oktaRateLimitWindow,
  });
}

/** What an Okta app is called in messages and errors, as a target and as a client: `okta <orgUrl> app <appId>`. */
export function oktaAppName(config: Pick<OktaTargetConfig, "orgUrl" | "appId">): string {
  return `okta ${config.orgUrl} app ${config.appId}`;
}

/** What names an Okta app (as a target and as a client); credentials and timeouts are not part of it. */
export function oktaAppIdentity(config: Pick<OktaTargetConfig, "orgUrl" | "appId">): { orgUrl: string; appId: string } {
  return { orgUrl: config.orgUrl.replace(/\/+$/, ""), appId: config.appId };
}

/** What a JwkSet on the app and a binding on the app both write: one writer (targets/queue.ts). */
export function oktaAppWriter(config: Pick<OktaTargetConfig, "orgUrl" | "appId">): string {
  return writerKey(config.orgUrl, "apps", config.appId);
}

/** The Okta app's key set: per-key writes (no update in place) and a status per key. */
export function oktaTarget(
  config: OktaTargetConfig,
  context: OpenContext = {},
): KeySetTarget & PerKeyWriter & KeyLifecycle & ListedRefresh & Partial<HasOwnersRecord & CrossProcessLock> {
  const name = oktaAppName(config);
  const token = credentialFromEnv(config.tokenEnv ?? "OKTA_API_TOKEN", "the Okta API token", "target.tokenEnv");
  const http = oktaHttp(name, config, token, context);
  const base = `api/v1/apps/${encodeURIComponent(config.appId)}/credentials/jwks`;
  // A key write changes the org's app listing (listed-apps.ts): refresh reads after it list again.
  const apps = oktaAppsListing(config, http, name, context);
  const write = (request: SendOptions) => apps.writing(() => http.send(request));
  let live = new Map<string, OktaLiveKey>();
  // The JWK records handed out by list(), mapped back to Okta's key: a key without a kid has no other handle.
  let byRecord = new WeakMap<object, OktaLiveKey>();
  const list = async () => {
    const response = await http.send({ operation: "list keys", method: "GET", path: base, expect: [200] }).catch((e: unknown) => {
      throw oktaListError(name, config.appId, e);
    });
    return remember(processOktaKeys(name, response));
  };
  const remember = (keys: OktaLiveKey[]) => {
    live = new Map(keys.filter((k) => typeof k.jwk.kid === "string").map((k) => [k.jwk.kid as string, k]));
    byRecord = new WeakMap(keys.map((k) => [k.jwk, k]));
    return keys;
  };
  // The app's keys as the org's app listing holds them (listed-apps.ts); undefined: list the app's JWKS itself.
  const listedKeys = async (): Promise<OktaLiveKey[] | undefined> => {
    const app = await apps.lookup(config.appId);
    const keys = app === undefined ? undefined : listedAppKeys(app);
    try {
      return keys === undefined ? undefined : processOktaKeys(name, { status: 200, headers: {}, body: keys });
    } catch {
      return undefined; // keys the JWKS API's own checks would refuse: let it answer
    }
  };
  const idOf = async (kid: string) => {
    if (!live.has(kid)) await list();
    const key = live.get(kid);
    if (!key) throw new JwksTargetError(name, `find key ${kid}`, "no key with this kid on the app");
    return key;
  };
  const lifecycle = async (key: OktaLiveKey, status: KeyStatus) => {
    const verb = status === "ACTIVE" ? "activate" : "deactivate";
    // Repeating an activation or deactivation changes nothing, so it is safe to retry.
    await write({
      operation: `${verb} key ${String(key.jwk.kid)}`,
      method: "POST",
      path: `${base}/${encodeURIComponent(key.id)}/lifecycle/${verb}`,
      expect: [200],
      idempotent: true,
    });
    key.status = status;
    // Activating an encryption key retires the app's other active one (Okta's rule): keep the cache true.
    if (status === "ACTIVE" && key.jwk.use === "enc") {
      for (const other of live.values()) if (other !== key && other.jwk.use === "enc") other.status = "INACTIVE";
    }
  };
  return {
    name,
    writer: oktaAppWriter(config),
    // Okta keeps nothing beside a key's JWK members: who declares a kid can only be kept where the user says.
    ...(config.ownersFile !== undefined ? sharedOwnersRecord(config.ownersFile, name) : {}),
    list: async () => (await list()).map((k) => k.jwk),
    listForRefresh: async () => {
      const listed = await listedKeys();
      return (listed !== undefined ? remember(listed) : await list()).map((k) => k.jwk);
    },
    statusOf: (kid) => live.get(kid)?.status,
    async add(key: PublicJwk, status: KeyStatus = "ACTIVE") {
      // Okta refuses a second ACTIVE encryption key on add; activating one instead swaps the active key.
      const swap = status === "ACTIVE" && key.use === "enc" && [...live.values()].some((k) => k.jwk.use === "enc" && k.status === "ACTIVE");
      const body = {
        ...Object.fromEntries(JWK_MEMBERS.filter((m) => key[m] !== undefined).map((m) => [m, key[m]])),
        status: swap ? "INACTIVE" : status,
      };
      const operation = `add key ${key.kid}`;
      try {
        const res = await write({ operation, method: "POST", path: base, body, expect: [201] });
        const [added] = processOktaKeys(name, { ...res, body: [res.body] });
        live.set(key.kid, added);
      } catch (e) {
        // After an unclear failure of this POST the key may exist: look it up by kid instead of repeating it.
        if (!(isHttpError(e) && e.unclear && e.operation === operation)) throw e;
        const found = await list().then(
          (keys) => keys.some((k) => k.jwk.kid === key.kid),
          () => false,
        );
        if (!found) throw e;
      }
      if (swap) {
        try {
          await lifecycle(await idOf(key.kid), "ACTIVE");
        } catch (e) {
          throw partlyAppliedError(name, operation, `key ${key.kid} was added INACTIVE, not activated`, e);
        }
      }
    },
    async setStatus(kid, status) {
      const key = await idOf(kid);
      if (key.status !== status) await lifecycle(key, status);
    },
    async remove(jwk) {
      const key = byRecord.get(jwk) ?? (await idOf(String(jwk.kid)));
      const deactivating = key.status === "ACTIVE";
      if (deactivating) {
        try {
          await lifecycle(key, "INACTIVE");
        } catch (e) {
          throw oktaDeactivateError(name, jwk, e);
        }
      }
      try {
        await write({
          operation: `delete key ${String(jwk.kid)}`,
          method: "DELETE",
          path: `${base}/${encodeURIComponent(key.id)}`,
          expect: [204, 404],
        });
      } catch (e) {
        if (!deactivating) throw e;
        throw partlyAppliedError(name, `remove key ${String(jwk.kid)}`, `key ${String(jwk.kid)} was deactivated, not deleted`, e);
      }
      if (typeof jwk.kid === "string") live.delete(jwk.kid);
    },
  };
}

/** Registry entry for `kind: "okta"`. */
export const oktaKind: TargetKind<OktaTargetConfig> = {
  configFailures: (c, p) => [
    ...unknownMemberFailures(c, ["orgUrl", "appId", "auth", "tokenEnv", "timeoutMs", "ownersFile"], p),
    ...urlFailures(c.orgUrl, `${p}.orgUrl`),
    ...(typeof c.appId === "string" && c.appId.length > 0
      ? []
      : [{ property: `${p}.appId`, reason: "required, the Okta app (client) id" }]),
    ...(c.auth === undefined || c.auth === "ssws" || c.auth === "bearer"
      ? []
      : [{ property: `${p}.auth`, reason: 'must be "ssws" or "bearer"' }]),
    ...optionalStringFailures(c.tokenEnv, `${p}.tokenEnv`),
    ...optionalPositiveIntFailures(c.timeoutMs, `${p}.timeoutMs`),
    ...(c.ownersFile === undefined || (typeof c.ownersFile === "string" && c.ownersFile.length > 0)
      ? []
      : [{ property: `${p}.ownersFile`, reason: "must be a non-empty file path" }]),
  ],
  keyFailures: (keys, p, inactiveKids) => [
    ...unstoredMemberFailures(keys, JWK_MEMBERS, "Okta", p),
    ...(keys.filter((k) => k.use === "enc" && !inactiveKids.includes(k.kid)).length > 1
      ? [{ property: p, reason: "Okta allows one ACTIVE encryption key per app: list the others in inactiveKids" }]
      : []),
    ...keys.flatMap((k, i): InputFailure[] => {
      if (k.kty !== "RSA" && k.kty !== "EC")
        return [{ property: `${p}[${i}].kty`, reason: `Okta accepts RSA and EC keys only, not ${k.kty}` }];
      if (k.use !== "sig" && k.use !== "enc") return [{ property: `${p}[${i}].use`, reason: 'Okta needs use "sig" or "enc" on every key' }];
      if (k.use === "enc" && k.kty !== "RSA") return [{ property: `${p}[${i}].kty`, reason: "Okta encryption keys must be RSA" }];
      return [];
    }),
    ...(keys.length > OKTA_MAX_KEYS
      ? [{ property: p, reason: `Okta holds at most ${OKTA_MAX_KEYS} keys per app; ${keys.length} declared` }]
      : []),
  ],
  identity: oktaAppIdentity,
  lifecycle: true,
  open: oktaTarget,
};
