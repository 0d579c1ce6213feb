/**
 * `keycloak`: a client of a Keycloak realm, through the admin REST API. Keycloak keeps a client's keys in
 * attributes of the client representation: `jwks.string` (the JWK Set as JSON text, used when
 * `use.jwks.string` is "true") or `jwks.url` (used when `use.jwks.url` is "true"); private_key_jwt is the
 * `client-jwt` authenticator and the signing alg the `token.endpoint.auth.signing.alg` attribute. The binding
 * reads the representation, and PUTs it back whole with those fields changed (Keycloak merges the attributes
 * it is sent). The client secret and the caller's access rights in the representation are never sent back; keys
 * the binding does not own go back in `jwks.string` exactly as read (clients/document.ts).
 *
 * @see https://www.keycloak.org/docs-api/latest/rest-api/index.html#_clients
 * @see https://www.keycloak.org/docs/latest/server_admin/#_client-credentials (Signed JWT)
 */
import { parseJsonText } from "../../core/json-syntax";
import { callOptions, HttpClient, vendorError, type HttpResponse } from "../../http/send";
import { optionalPositiveIntFailures, optionalStringFailures, unknownMemberFailures, urlFailures } from "../../targets/kind";
import { readDocumentKeys, wholeDocumentBinder } from "../../clients/document";
import { serverListing } from "../../clients/listed-reads";
import { ClientResponseError } from "../../errors";
import { keycloakAdminAuth, type KeycloakAdminConfig } from "./admin-auth";
import { authenticatorFor, authMethodFailures, authMethodOf } from "./authenticators";
import type { ClientBinder, ClientKind, ClientOpenContext, ListedRead, LiveBinding } from "../../clients/types";
import { isRecord } from "../../core/is-record";
import { writerKey } from "../../targets/queue";

/** `{ kind: "keycloak", url, realm, clientId }`: a client of a Keycloak realm, by its OAuth client_id. */
export interface KeycloakClientConfig extends KeycloakAdminConfig {
  kind: "keycloak";
  /** The server's base URL, e.g. `https://sso.example.com` (with `/auth` for Keycloak before 17). */
  url: string;
  realm: string;
  /** The client's `client_id` (Keycloak's `clientId`, not its internal id). */
  clientId: string;
  timeoutMs?: number;
}

const JWKS_STRING = "jwks.string";
const USE_JWKS_STRING = "use.jwks.string";
const JWKS_URL = "jwks.url";
const USE_JWKS_URL = "use.jwks.url";
const SIGNING_ALG = "token.endpoint.auth.signing.alg";

/** The client's representation and the binding it holds; `undefined` for a list with no such client. */
export interface KeycloakClientDocument {
  /** The representation as read (kept for the PUT). */
  document: Record<string, unknown>;
  live: LiveBinding;
}

/**
 * The keys of a `jwks.string` attribute: public members only (a private member never reaches state); a write puts
 * keys the binding does not own back as read (clients/document.ts).
 */
function keysOfJwksString(client: string, text: string): Record<string, unknown>[] {
  let parsed: unknown;
  try {
    parsed = parseJsonText(text);
  } catch (e) {
    throw new ClientResponseError(client, "read the client", `attribute ${JWKS_STRING} is not JSON: ${(e as Error).message}`);
  }
  if (!isRecord(parsed) || !Array.isArray(parsed.keys))
    throw new ClientResponseError(client, "read the client", `attribute ${JWKS_STRING} is not a JWK Set (an object with a "keys" array)`);
  return readDocumentKeys(parsed.keys);
}

/**
 * The client in a `GET /admin/realms/{realm}/clients?clientId=...` response (a list: one entry, or none when
 * the realm has no such client); `undefined` too for Keycloak's "Realm not found." 404. Any other 404 means the
 * URL is not Keycloak's admin API: an error, so a mistyped `url` cannot make refresh drop the binding. Pure.
 */
export function processKeycloakClients(client: string, clientId: string, response: HttpResponse): KeycloakClientDocument | undefined {
  if (response.status === 404) {
    if (vendorError(response.body).code === "Realm not found.") return undefined;
    throw new ClientResponseError(client, "find the client", "HTTP 404 from something that is not Keycloak's admin API: check client.url");
  }
  if (!Array.isArray(response.body)) throw new ClientResponseError(client, "find the client", "the response is not a list of clients");
  // `clientId=` is an exact match unless `search=true`; the filter guards against a server that matches loosely.
  const document = response.body.find((c): c is Record<string, unknown> => isRecord(c) && c.clientId === clientId);
  if (document === undefined) return undefined;
  if (typeof document.id !== "string") throw new ClientResponseError(client, "find the client", "the client has no id");
  const attributes = isRecord(document.attributes) ? document.attributes : {};
  const attr = (name: string) => (typeof attributes[name] === "string" && attributes[name] !== "" ? attributes[name] : undefined);
  const live: LiveBinding = { keys: [] };
  // What Keycloak verifies assertions with: the URL when `use.jwks.url` is on, else the string when its switch is.
  const jwksUrl = attr(JWKS_URL);
  const jwksString = attr(JWKS_STRING);
  if (attr(USE_JWKS_URL) === "true" && jwksUrl) live.jwksUri = jwksUrl;
  else if (attr(USE_JWKS_STRING) === "true" && jwksString) live.keys = keysOfJwksString(client, jwksString);
  const method = authMethodOf(document);
  if (method) live.authMethod = method;
  const signingAlg = attr(SIGNING_ALG);
  if (signingAlg) live.signingAlg = signingAlg;
  return { document, live };
}

/** The PUT body: the representation with the binding's fields set; no secret, no access rights. Pure. */
export function keycloakUpdateBody(document: Record<string, unknown>, next: LiveBinding): Record<string, unknown> {
  const { secret: _secret, access: _access, ...body } = document;
  const attributes: Record<string, unknown> = { ...(isRecord(document.attributes) ? document.attributes : {}) };
  if (next.jwksUri !== undefined) {
    Object.assign(attributes, { [USE_JWKS_URL]: "true", [JWKS_URL]: next.jwksUri, [USE_JWKS_STRING]: "false" });
  } else {
    Object.assign(attributes, { [USE_JWKS_STRING]: "true", [JWKS_STRING]: JSON.stringify({ keys: next.keys }), [USE_JWKS_URL]: "false" });
  }
  if (next.signingAlg !== undefined) attributes[SIGNING_ALG] = next.signingAlg;
  // A declared method makes the client confidential: a public client authenticates with nothing.
  const authenticator = next.authMethod === undefined ? undefined : authenticatorFor(next.authMethod);
  if (authenticator) Object.assign(body, { clientAuthenticatorType: authenticator, publicClient: false });
  return { ...body, attributes };
}

/** Clients per page of a listing (`max`). */
export const KEYCLOAK_PAGE_SIZE = 500;

/** Every client of the realm by clientId, as `GET /admin/realms/{realm}/clients?first=&max=` lists them. */
async function listKeycloakClients(http: HttpClient, name: string, clients: string): Promise<Map<string, unknown>> {
  const all = new Map<string, unknown>();
  for (let first = 0; ; first += KEYCLOAK_PAGE_SIZE) {
    const response = await http.send({
      operation: "list the clients",
      method: "GET",
      path: `${clients}?first=${first}&max=${KEYCLOAK_PAGE_SIZE}`,
      expect: [200],
    });
    if (!Array.isArray(response.body)) throw new ClientResponseError(name, "list the clients", "the response is not a list of clients");
    for (const c of response.body) if (isRecord(c) && typeof c.clientId === "string") all.set(c.clientId, c);
    if (response.body.length < KEYCLOAK_PAGE_SIZE) return all;
  }
}

/** The adapter for one Keycloak client (one operation). */
export function keycloakClient(config: KeycloakClientConfig, context: ClientOpenContext = {}): ClientBinder & ListedRead {
  const name = `keycloak client "${config.clientId}" in realm "${config.realm}" at ${config.url}`;
  const http = new HttpClient({
    target: name,
    baseUrl: config.url,
    auth: keycloakAdminAuth(config, "client"),
    ...callOptions(context, config.timeoutMs),
  });
  const clients = `admin/realms/${encodeURIComponent(config.realm)}/clients`;
  // Listed per realm and per admin identity (what a list shows depends on the caller's rights).
  const listing = serverListing(
    {
      server: writerKey(config.url, "realms", config.realm, "clients"),
      caller: JSON.stringify([
        config.adminRealm,
        config.adminClientId,
        config.adminUsernameEnv,
        config.adminPasswordEnv,
        config.adminClientSecretEnv,
      ]),
      scope: context.dispatcher,
    },
    () => listKeycloakClients(http, name, clients),
  );
  const get = async () => {
    const response = await http.send({
      operation: "find the client",
      method: "GET",
      path: `${clients}?clientId=${encodeURIComponent(config.clientId)}`,
      expect: [200, 404],
    });
    return processKeycloakClients(name, config.clientId, response);
  };
  const binder = wholeDocumentBinder(name, {
    writer: writerKey(config.url, "realms", config.realm, "clients", config.clientId),
    get,
    async put(document, next) {
      await listing.writing(() =>
        http.send({
          operation: "update the client",
          method: "PUT",
          path: `${clients}/${encodeURIComponent(document.id as string)}`,
          body: keycloakUpdateBody(document, next),
          expect: [204],
        }),
      );
    },
  });
  return {
    ...binder,
    async readListed() {
      const listed = await listing.lookup(config.clientId);
      const found =
        listed !== undefined ? processKeycloakClients(name, config.clientId, { status: 200, headers: {}, body: [listed] }) : await get();
      return found?.live;
    },
  };
}

/** Registry entry for `kind: "keycloak"`. */
export const keycloakKind: ClientKind<KeycloakClientConfig> = {
  credentialVariables: (c) =>
    c.adminClientSecretEnv !== undefined
      ? [c.adminClientSecretEnv]
      : [c.adminUsernameEnv ?? "KEYCLOAK_ADMIN_USERNAME", c.adminPasswordEnv ?? "KEYCLOAK_ADMIN_PASSWORD"],
  configFailures: (c, p) => [
    ...unknownMemberFailures(
      c,
      [
        "url",
        "realm",
        "clientId",
        "adminRealm",
        "adminClientId",
        "adminUsernameEnv",
        "adminPasswordEnv",
        "adminClientSecretEnv",
        "timeoutMs",
      ],
      p,
    ),
    ...urlFailures(c.url, `${p}.url`),
    ...(typeof c.realm === "string" && c.realm.length > 0 ? [] : [{ property: `${p}.realm`, reason: "required, the realm's name" }]),
    ...(typeof c.clientId === "string" && c.clientId.length > 0
      ? []
      : [{ property: `${p}.clientId`, reason: "required, the client's client_id (not Keycloak's internal id)" }]),
    ...["adminRealm", "adminClientId", "adminUsernameEnv", "adminPasswordEnv", "adminClientSecretEnv"].flatMap((m) =>
      optionalStringFailures(c[m], `${p}.${m}`),
    ),
    ...optionalPositiveIntFailures(c.timeoutMs, `${p}.timeoutMs`),
  ],
  bindingFailures: (declared) => authMethodFailures(declared.authMethod),
  identity: (c) => ({ url: c.url.replace(/\/+$/, ""), realm: c.realm, clientId: c.clientId }),
  open: keycloakClient,
};
