/**
 * `hydra`: an OAuth 2.0 client of Ory Hydra, through its admin API (`/admin/clients/{id}`). The binding reads
 * the client and changes only its own fields with one RFC 6902 JSON Patch (`jwks` or `jwks_uri`,
 * `token_endpoint_auth_method`, `token_endpoint_auth_signing_alg`), so fields someone else sets meanwhile are
 * not overwritten with what was read (a PUT would reset every field it does not carry).
 *
 * Hydra's admin API has no authentication of its own (it is meant to stay behind a network boundary or a
 * gateway); `tokenEnv` names an environment variable with a bearer token for a gateway that wants one.
 *
 * @see https://www.ory.sh/docs/hydra/reference/api (patchOAuth2Client, getOAuth2Client)
 * @see https://www.ory.sh/docs/hydra/guides/oauth2-clients (private_key_jwt)
 */
import { ClientResponseError, type InputFailure } from "../../errors";
import { bearerToken, credentialFromEnv } from "../../http/auth";
import { callOptions, HttpClient, vendorError, type HttpResponse } from "../../http/send";
import {
  optionalPositiveIntFailures,
  optionalStringFailures,
  unknownMemberFailures,
  unstoredMemberFailures,
  urlFailures,
} from "../../targets/kind";
import { documentBinder, liveSettings, readDocumentKeys } from "../../clients/document";
import type { ClientBinder, ClientKind, ClientOpenContext, DeclaredBinding, ListedRead, LiveBinding } from "../../clients/types";
import { serverListing } from "../../clients/listed-reads";
import { isRecord } from "../../core/is-record";
import { writerKey } from "../../targets/queue";

/** `{ kind: "hydra", adminUrl, clientId }`: a client of an Ory Hydra server. */
export interface HydraClientConfig {
  kind: "hydra";
  /** The admin API's base URL, e.g. `http://127.0.0.1:4445` (Hydra serves `/admin/clients` under it). */
  adminUrl: string;
  clientId: string;
  /** Environment variable holding a bearer token for the admin API (only when a gateway in front wants one). */
  tokenEnv?: string;
  timeoutMs?: number;
}

/** The JWK members Hydra stores (go-jose's JSONWebKey): any other member would be dropped, then drift forever. */
const STORED_MEMBERS = ["kty", "kid", "use", "alg", "crv", "n", "e", "x", "y", "x5c", "x5u", "x5t", "x5t#S256"];
/** Algorithms Hydra verifies client assertions with (its client validator's list). */
const ASSERTION_ALGS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"];
/** `token_endpoint_auth_method` values Hydra knows. */
const AUTH_METHODS = ["private_key_jwt", "client_secret_basic", "client_secret_post", "none"];

/**
 * The binding in a GET /admin/clients/{id} response, `undefined` for Hydra's own "no such client" 404. Any other
 * 404 (an HTML or plain-text page) means the URL is not Hydra's admin API: an error, never a deleted client, so
 * a mistyped `adminUrl` cannot make refresh drop the binding. Pure.
 */
export function processHydraClient(client: string, response: HttpResponse): LiveBinding | undefined {
  if (response.status === 404) {
    if (vendorError(response.body).code === "Unable to locate the resource") return undefined;
    throw new ClientResponseError(
      client,
      "read the client",
      "HTTP 404 from something that is not Hydra's admin API: check client.adminUrl",
    );
  }
  if (!isRecord(response.body)) throw new ClientResponseError(client, "read the client", "the response is not an OAuth 2.0 client object");
  const document = response.body;
  const jwks = document.jwks;
  if (jwks !== undefined && jwks !== null && !(isRecord(jwks) && (jwks.keys === undefined || Array.isArray(jwks.keys))))
    throw new ClientResponseError(client, "read the client", 'its "jwks" is not a JWK Set');
  // Public members only; a write puts keys the binding does not own back as read (clients/document.ts).
  return liveSettings(document, readDocumentKeys(isRecord(jwks) && Array.isArray(jwks.keys) ? jwks.keys : []));
}

export type JsonPatch = { op: "add"; path: string; value: unknown }[];

/**
 * The JSON Patch that makes a client carry `next`. Hydra refuses a client with both `jwks` and `jwks_uri`, so
 * each patch sets both: the one in use, and the other cleared. Hydra decodes the patched document over the
 * stored client, where a member removed from the document would keep its stored value: clearing takes `null`
 * (`jwks`) or `""` (`jwks_uri`). "add" sets a member whether or not it exists (RFC 6902 section 4.1). Pure.
 */
export function hydraPatch(next: LiveBinding): JsonPatch {
  const ops: JsonPatch =
    next.jwksUri !== undefined
      ? [
          { op: "add", path: "/jwks", value: null },
          { op: "add", path: "/jwks_uri", value: next.jwksUri },
        ]
      : [
          { op: "add", path: "/jwks_uri", value: "" },
          { op: "add", path: "/jwks", value: { keys: next.keys } },
        ];
  if (next.authMethod !== undefined) ops.push({ op: "add", path: "/token_endpoint_auth_method", value: next.authMethod });
  if (next.signingAlg !== undefined) ops.push({ op: "add", path: "/token_endpoint_auth_signing_alg", value: next.signingAlg });
  return ops;
}

/** Clients per page of a listing (Hydra's maximum is 1000, its default 250). */
export const HYDRA_PAGE_SIZE = 500;

/** The `page_token` of a `Link: <...>; rel="next"` header (Ory's pagination), if there is a next page. Pure. */
export function nextPageToken(link: string | string[] | undefined): string | undefined {
  for (const part of [link ?? []].flat().flatMap((l) => l.split(","))) {
    const m = /<([^>]*)>\s*;\s*rel="?next"?/.exec(part);
    if (m?.[1] !== undefined) return new URL(m[1], "http://x").searchParams.get("page_token") ?? undefined;
  }
  return undefined;
}

/** Every client of the server by client_id, as `GET /admin/clients` lists them, page by page. */
async function listHydraClients(http: HttpClient, name: string): Promise<Map<string, unknown>> {
  const all = new Map<string, unknown>();
  let token: string | undefined;
  do {
    const query = `page_size=${HYDRA_PAGE_SIZE}${token !== undefined ? `&page_token=${encodeURIComponent(token)}` : ""}`;
    const response = await http.send({ operation: "list the clients", method: "GET", path: `admin/clients?${query}`, expect: [200] });
    if (!Array.isArray(response.body)) throw new ClientResponseError(name, "list the clients", "the response is not a list of clients");
    for (const c of response.body) if (isRecord(c) && typeof c.client_id === "string") all.set(c.client_id, c);
    const next = nextPageToken(response.headers.link);
    // A next link back to the same page would never end.
    token = next !== undefined && next !== token && response.body.length > 0 ? next : undefined;
  } while (token !== undefined);
  return all;
}

/** The adapter for one Hydra client (one operation). */
export function hydraClient(config: HydraClientConfig, context: ClientOpenContext = {}): ClientBinder & ListedRead {
  const name = `hydra client "${config.clientId}" at ${config.adminUrl}`;
  const http = new HttpClient({
    target: name,
    baseUrl: config.adminUrl,
    auth:
      config.tokenEnv === undefined
        ? undefined
        : bearerToken(credentialFromEnv(config.tokenEnv, "the Hydra admin API token", "client.tokenEnv")),
    ...callOptions(context, config.timeoutMs),
  });
  const path = `admin/clients/${encodeURIComponent(config.clientId)}`;
  const listing = serverListing(
    { server: writerKey(config.adminUrl, "clients"), caller: config.tokenEnv ?? "", scope: context.dispatcher },
    () => listHydraClients(http, name),
  );
  const read = async () => {
    const response = await http.send({ operation: "read the client", method: "GET", path, expect: [200, 404] });
    return processHydraClient(name, response);
  };
  const binder = documentBinder({
    name,
    writer: writerKey(config.adminUrl, "clients", config.clientId),
    read,
    async write(next) {
      await listing.writing(() =>
        http.send({
          operation: "update the client",
          method: "PATCH",
          path,
          contentType: "application/json-patch+json",
          body: hydraPatch(next),
          // The patch sets absolute values, so repeating it after an unclear failure changes nothing more.
          idempotent: true,
          expect: [200],
        }),
      );
    },
  });
  return {
    ...binder,
    async readListed() {
      const listed = await listing.lookup(config.clientId);
      return listed !== undefined ? processHydraClient(name, { status: 200, headers: {}, body: listed }) : read();
    },
  };
}

/** What Hydra cannot verify or store. */
function hydraBindingFailures(declared: DeclaredBinding, path: string): InputFailure[] {
  const f: InputFailure[] = [];
  if (declared.authMethod !== undefined && !AUTH_METHODS.includes(declared.authMethod))
    f.push({ property: "auth.method", reason: `Hydra clients take ${AUTH_METHODS.join(", ")}, not "${declared.authMethod}"` });
  if (declared.signingAlg !== undefined && !ASSERTION_ALGS.includes(declared.signingAlg))
    f.push({ property: "auth.signingAlg", reason: `Hydra verifies client assertions with ${ASSERTION_ALGS.join(", ")} only` });
  const keys = declared.keys ?? [];
  f.push(...unstoredMemberFailures(keys, STORED_MEMBERS, "Hydra", path));
  if (declared.authMethod === undefined || declared.authMethod === "private_key_jwt")
    keys.forEach((k, i) => {
      if (k.use === "sig" && k.alg !== undefined && !ASSERTION_ALGS.includes(k.alg))
        f.push({ property: `${path}[${i}].alg`, reason: `Hydra verifies client assertions with ${ASSERTION_ALGS.join(", ")} only` });
    });
  return f;
}

/** Registry entry for `kind: "hydra"`. */
export const hydraKind: ClientKind<HydraClientConfig> = {
  credentialVariables: (c) => (c.tokenEnv === undefined ? [] : [c.tokenEnv]),
  configFailures: (c, p) => [
    ...unknownMemberFailures(c, ["adminUrl", "clientId", "tokenEnv", "timeoutMs"], p),
    ...urlFailures(c.adminUrl, `${p}.adminUrl`),
    ...(typeof c.clientId === "string" && c.clientId.length > 0
      ? []
      : [{ property: `${p}.clientId`, reason: "required, the client's client_id" }]),
    ...optionalStringFailures(c.tokenEnv, `${p}.tokenEnv`),
    ...optionalPositiveIntFailures(c.timeoutMs, `${p}.timeoutMs`),
  ],
  bindingFailures: hydraBindingFailures,
  identity: (c) => ({ adminUrl: c.adminUrl.replace(/\/+$/, ""), clientId: c.clientId }),
  open: hydraClient,
};
