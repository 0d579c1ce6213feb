/**
 * Janssen config-api adapter (`/api/v1/config/jwks`). Per-key calls (POST, PATCH, DELETE) so keys the stack
 * does not own are never touched; PUT of the whole set only in exclusive mode. Tolerates Janssen's quirks:
 * `"crv": ""` and `"x": null, "y": null` on RSA keys, `exp` in epoch milliseconds, `name`/`descr` metadata.
 *
 * @see https://docs.jans.io/ (config-api: JWK - JSON Web Key)
 */
import { type InputFailure, isHttpError, JwksTargetError, JwksTargetGoneError } from "../../errors";
import { normaliseKey } from "../../core/jwks/document";
import { clientCredentials, credentialFromEnv } from "../../http/auth";
import { callOptions, HttpClient, type HttpResponse } from "../../http/send";
import {
  optionalPositiveIntFailures,
  optionalStringFailures,
  unknownMemberFailures,
  unstoredMemberFailures,
  urlFailures,
  type OpenContext,
  type TargetKind,
} from "../../targets/kind";
import type { ExpiringKeys, HasOwnersRecord, InPlaceUpdate, PerKeyWriter, WholeSetWriter } from "../../targets/capabilities";
import { janssenOwnersRecord } from "./owners";

import type { KeySetTarget } from "../../targets/types";

/**
 * Janssen config-api (`/api/v1/config/jwks`). Credentials: OAuth client credentials, the client secret
 * read from the environment (never stored in state).
 */
export interface JanssenTargetConfig {
  kind: "janssen";
  /** Base URL of the config-api, e.g. `https://jans.example.com/jans-config-api`. */
  url: string;
  /** Token endpoint, e.g. `https://jans.example.com/jans-auth/restv1/token`. */
  tokenUrl: string;
  /** Client id (not secret); default: environment variable JANS_CLIENT_ID. */
  clientId?: string;
  /** Environment variable holding the client secret (default JANS_CLIENT_SECRET). */
  clientSecretEnv?: string;
  /** Janssen requires `exp` on every key: keys we add expire this many days later (default 365). */
  keyLifetimeDays?: number;
  timeoutMs?: number;
}
import { writerKey } from "../../targets/queue";

const SCOPE = "https://jans.io/oauth/config/jwks";
const SCOPES = [`${SCOPE}.readonly`, `${SCOPE}.write`, `${SCOPE}.delete`];
/** The JWK members Janssen's JSONWebKey stores. */
const STORED_MEMBERS = ["kid", "kty", "use", "alg", "crv", "x5c", "n", "e", "x", "y"];
/** Janssen-only members: metadata about the key, not part of it (RFC 7517 has no exp/name/descr). */
const VENDOR_MEMBERS = ["exp", "name", "descr", "key_ops_type"];

/** The JWKs of a GET /api/v1/config/jwks response, normalised; throws on a body that is not a JWK Set. */
export function processJanssenKeys(target: string, response: HttpResponse): Record<string, unknown>[] {
  const body = response.body as { keys?: unknown } | undefined;
  if (typeof body !== "object" || body === null || !Array.isArray(body.keys)) {
    throw new JwksTargetError(target, "list keys", 'the response is not a JWK Set (expected an object with a "keys" array)');
  }
  return body.keys.map((k, i) => {
    if (typeof k !== "object" || k === null) throw new JwksTargetError(target, "list keys", `keys[${i}] is not an object`);
    const key = normaliseKey(k as Record<string, unknown>);
    for (const m of VENDOR_MEMBERS) delete key[m];
    return key;
  });
}

/** Each kid's `exp` (epoch ms) in a GET /api/v1/config/jwks response; keys without one never expire. */
export function processJanssenExpiries(response: HttpResponse): Map<string, number> {
  const keys = (response.body as { keys?: unknown } | undefined)?.keys;
  const out = new Map<string, number>();
  if (Array.isArray(keys))
    for (const k of keys as { kid?: unknown; exp?: unknown }[])
      if (typeof k?.kid === "string" && typeof k.exp === "number") out.set(k.kid, k.exp);
  return out;
}

/** RFC 6902 operations turning `from` into `to`, member by member (JWKs are flat). */
export function jsonPatchFor(from: Record<string, unknown>, to: Record<string, unknown>): { op: string; path: string; value?: unknown }[] {
  const ops: { op: string; path: string; value?: unknown }[] = [];
  const pointer = (m: string) => `/${m.replace(/~/g, "~0").replace(/\//g, "~1")}`;
  for (const [m, v] of Object.entries(to)) {
    if (m === "kid") continue;
    if (!(m in from)) ops.push({ op: "add", path: pointer(m), value: v });
    else if (JSON.stringify(from[m]) !== JSON.stringify(v)) ops.push({ op: "replace", path: pointer(m), value: v });
  }
  for (const m of Object.keys(from)) if (!(m in to) && !VENDOR_MEMBERS.includes(m)) ops.push({ op: "remove", path: pointer(m) });
  return ops;
}

/**
 * The error for a failed key list. The token endpoint has granted a token by then, so the server is up; a 404
 * on the set itself means the config-api no longer serves a key set at this URL (the module was removed, or the
 * server behind the name was replaced). Janssen sends no error code that names the set, so the URL cannot be told
 * apart from a mistyped one by the answer alone; it can by history: a JwkSet only reaches the stack after a
 * successful list at its URL, and a new URL replaces the resource (listing there first), so a URL in state has
 * served the set before. Create and update fail with this message; refresh drops the resource.
 */
export function janssenListError(target: string, e: unknown): unknown {
  // The token endpoint's failures come through here too: only the set's own 404 says anything about the set.
  if (!isHttpError(e) || e.status !== 404 || e.operation !== "list keys") return e;
  return new JwksTargetGoneError(
    target,
    "HTTP 404 on api/v1/config/jwks: no key set is served at this URL; check target.url (the config-api base, e.g. https://jans.example.com/jans-config-api)",
    { cause: e },
  );
}

/**
 * The config-api's key set: per-key writes with PATCH in place, expiring keys, a whole-set PUT, and an owners
 * record carried in each key's `descr` (owners.ts).
 */
export function janssenTarget(
  config: JanssenTargetConfig,
  context: OpenContext = {},
): KeySetTarget & PerKeyWriter & InPlaceUpdate & ExpiringKeys & WholeSetWriter & HasOwnersRecord {
  const name = `janssen ${config.url}`;
  const clientId = config.clientId ?? credentialFromEnv("JANS_CLIENT_ID", "the Janssen client id", "target.clientId", { secret: false });
  const secretEnv = config.clientSecretEnv ?? "JANS_CLIENT_SECRET";
  const http = new HttpClient({
    target: name,
    baseUrl: config.url,
    auth: clientCredentials({
      tokenUrl: config.tokenUrl,
      clientId,
      clientSecret: credentialFromEnv(secretEnv, "the Janssen client secret", "target.clientSecretEnv"),
      scopes: SCOPES,
    }),
    ...callOptions(context, config.timeoutMs),
  });
  const lifetime = (config.keyLifetimeDays ?? 365) * 86_400_000;
  const exp = () => Date.now() + lifetime;
  // Renew a key once less than this is left (Janssen drops expired keys from its JWKS).
  const renewWithin = Math.min(30 * 86_400_000, lifetime / 2);
  let expiries = new Map<string, number>();
  const path = (kid: string) => `api/v1/config/jwks/${encodeURIComponent(kid)}`;
  const getKey = async (kid: string) => {
    const res = await http.send({ operation: `read key ${kid}`, method: "GET", path: path(kid), expect: [200, 404] });
    return res.status === 404 ? undefined : processJanssenKeys(name, { ...res, body: { keys: [res.body] } })[0];
  };
  const listResponse = () =>
    http.send({ operation: "list keys", method: "GET", path: "api/v1/config/jwks", expect: [200] }).catch((e: unknown) => {
      throw janssenListError(name, e);
    });
  // The last list's response until the owners record reads it (this target object lives for one operation).
  let justListed: HttpResponse | undefined;
  const owners = janssenOwnersRecord(`the descr member of each key on ${name}`, {
    async readDescrs() {
      // A read-diff-write cycle lists the keys, then reads the record: one GET answers both.
      const listed = justListed ?? (await listResponse());
      justListed = undefined;
      processJanssenKeys(name, listed); // the same checks as list()
      const raw = (listed.body as { keys: { kid?: unknown; descr?: unknown }[] }).keys;
      return new Map(raw.flatMap((k) => (typeof k.kid === "string" ? [[k.kid, k.descr] as const] : [])));
    },
    async writeDescr(kid, descr) {
      await http.send({
        operation: `record owners of key ${kid}`,
        method: "PATCH",
        path: path(kid),
        body: [{ op: "add", path: "/descr", value: descr }], // RFC 6902 add replaces a member that exists
        contentType: "application/json-patch+json",
        expect: [200],
      });
    },
  });
  const withDescr = (key: Record<string, unknown>) => {
    const descr = owners.descrForNewKey(String(key.kid));
    return descr === undefined ? key : { ...key, descr };
  };
  return {
    name,
    writer: writerKey(config.url, "jwks"),
    owners,
    async list() {
      const res = await listResponse();
      const keys = processJanssenKeys(name, res);
      justListed = res;
      expiries = processJanssenExpiries(res);
      return keys;
    },
    expiring: (kid) => (expiries.get(kid) ?? Infinity) - Date.now() < renewWithin,
    async renew(kid) {
      const ops = [{ op: "replace", path: "/exp", value: exp() }];
      await http.send({
        operation: `renew key ${kid}`,
        method: "PATCH",
        path: path(kid),
        body: ops,
        contentType: "application/json-patch+json",
        expect: [200],
      });
    },
    async add(key) {
      const operation = `add key ${key.kid}`;
      try {
        await http.send({
          operation,
          method: "POST",
          path: "api/v1/config/jwks/key",
          body: { ...withDescr(key), exp: exp() },
          expect: [201],
        });
      } catch (e) {
        // After an unclear failure of this POST the key may exist: look it up by kid instead of repeating it.
        if (!(isHttpError(e) && e.unclear && e.operation === operation)) throw e;
        if (!(await getKey(key.kid).catch(() => undefined))) throw e;
      }
    },
    async update(from, to) {
      const ops = jsonPatchFor(from, to);
      if (ops.length === 0) return;
      await http.send({
        operation: `update key ${to.kid}`,
        method: "PATCH",
        path: path(to.kid),
        body: ops,
        contentType: "application/json-patch+json",
        expect: [200],
      });
    },
    async remove(key) {
      // 404: already gone, which is what we wanted.
      await http.send({ operation: `remove key ${String(key.kid)}`, method: "DELETE", path: path(String(key.kid)), expect: [204, 404] });
      owners.forget(String(key.kid));
    },
    async replaceAll(keys) {
      await http.send({
        operation: "replace the key set",
        method: "PUT",
        path: "api/v1/config/jwks",
        body: { keys: keys.map((k) => ({ ...withDescr(k), exp: exp() })) },
        expect: [200],
      });
    },
  };
}

/** Registry entry for `kind: "janssen"`. */
export const janssenKind: TargetKind<JanssenTargetConfig> = {
  configFailures: (c, p) => [
    ...unknownMemberFailures(c, ["url", "tokenUrl", "clientId", "clientSecretEnv", "keyLifetimeDays", "timeoutMs"], p),
    ...urlFailures(c.url, `${p}.url`),
    ...urlFailures(c.tokenUrl, `${p}.tokenUrl`),
    ...optionalStringFailures(c.clientId, `${p}.clientId`),
    ...optionalStringFailures(c.clientSecretEnv, `${p}.clientSecretEnv`),
    ...optionalPositiveIntFailures(c.keyLifetimeDays, `${p}.keyLifetimeDays`),
    ...optionalPositiveIntFailures(c.timeoutMs, `${p}.timeoutMs`),
  ],
  keyFailures: (keys, p) => [
    ...unstoredMemberFailures(keys, STORED_MEMBERS, "Janssen", p),
    ...keys.flatMap((k, i): InputFailure[] =>
      k.use === undefined || k.alg === undefined ? [{ property: `${p}[${i}]`, reason: "Janssen requires use and alg on every key" }] : [],
    ),
  ],
  identity: (c) => c.url.replace(/\/+$/, ""),
  lifecycle: false,
  open: janssenTarget,
};
