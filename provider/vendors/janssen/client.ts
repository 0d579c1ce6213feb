/**
 * `janssen`: an OpenID Connect client of a Janssen server, through its config-api
 * (`/api/v1/openid/clients/{inum}`). The client's keys are one field, `jwks`, holding a JWK Set as JSON text,
 * beside `jwksUri`, `tokenEndpointAuthMethod` and `tokenEndpointAuthSigningAlg`: a document kind
 * (clients/document.ts). Writes PUT the whole client back to `/api/v1/openid/clients`, as the config-api has it.
 * Credentials: OAuth client credentials (scopes openid/clients.readonly and .write), the secret from the
 * environment, as for the Janssen key-set target.
 *
 * @see https://docs.jans.io/ (config-api: OAuth - OpenID Connect - Clients)
 */
import { clientCredentials, credentialFromEnv } from "../../http/auth";
import { callOptions, HttpClient, type HttpResponse } from "../../http/send";
import { optionalPositiveIntFailures, optionalStringFailures, unknownMemberFailures, urlFailures } from "../../targets/kind";
import { liveSettings, readDocumentKeys, wholeDocumentBinder, type ClientSettingMembers } from "../../clients/document";
import { ClientResponseError } from "../../errors";
import type { ClientKind, ClientOpenContext, LiveBinding } from "../../clients/types";
import { writerKey } from "../../targets/queue";

/** `{ kind: "janssen", url, tokenUrl, inum }`: one client of a Janssen server. */
export interface JanssenClientConfig {
  kind: "janssen";
  /** Base URL of the config-api, e.g. `https://jans.example.com/jans-config-api`. */
  url: string;
  /** Token endpoint for the config-api token, e.g. `https://jans.example.com/jans-auth/restv1/token`. */
  tokenUrl: string;
  /** The client's inum (its client id in Janssen). */
  inum: string;
  /** The config-api caller's client id (not secret); default: environment variable JANS_CLIENT_ID. */
  clientId?: string;
  /** Environment variable holding the config-api caller's secret (default JANS_CLIENT_SECRET). */
  clientSecretEnv?: string;
  timeoutMs?: number;
}

const SCOPES = ["https://jans.io/oauth/config/openid/clients.readonly", "https://jans.io/oauth/config/openid/clients.write"];

/** The live binding of a client document; the `jwks` text must be a JWK Set. */
export function processJanssenClient(client: string, response: HttpResponse): { document: Record<string, unknown>; live: LiveBinding } {
  const body = response.body;
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new ClientResponseError(client, "read the client", "the response is not a client object");
  const document = body as Record<string, unknown>;
  let keys: Record<string, unknown>[] = [];
  if (typeof document.jwks === "string" && document.jwks.trim() !== "") {
    let parsed: { keys?: unknown };
    try {
      parsed = JSON.parse(document.jwks) as { keys?: unknown };
    } catch {
      throw new ClientResponseError(client, "read the client", "its jwks is not JSON");
    }
    if (!Array.isArray(parsed?.keys)) throw new ClientResponseError(client, "read the client", 'its jwks has no "keys" array');
    // Public members only; a write puts keys the binding does not own back as read (clients/document.ts).
    keys = readDocumentKeys(parsed.keys);
  }
  return { document, live: liveSettings(document, keys, JANSSEN_MEMBERS) };
}

/** Janssen's config API names the settings in camel case. */
const JANSSEN_MEMBERS: ClientSettingMembers = {
  jwksUri: "jwksUri",
  authMethod: "tokenEndpointAuthMethod",
  signingAlg: "tokenEndpointAuthSigningAlg",
};

/** The PUT body: the client as read, with the binding's fields set (a JWK Set as JSON text in `jwks`). */
export function janssenClientBody(document: Record<string, unknown>, next: LiveBinding): Record<string, unknown> {
  const { jwks: _jwks, jwksUri: _uri, ...rest } = document;
  return {
    ...rest,
    ...(next.jwksUri !== undefined ? { jwksUri: next.jwksUri } : { jwks: JSON.stringify({ keys: next.keys }) }),
    ...(next.authMethod !== undefined ? { tokenEndpointAuthMethod: next.authMethod } : {}),
    ...(next.signingAlg !== undefined ? { tokenEndpointAuthSigningAlg: next.signingAlg } : {}),
  };
}

export function janssenClient(config: JanssenClientConfig, context: ClientOpenContext = {}) {
  const name = `janssen client ${config.inum} at ${config.url}`;
  const http = new HttpClient({
    target: name,
    baseUrl: config.url,
    auth: clientCredentials({
      tokenUrl: config.tokenUrl,
      clientId: config.clientId ?? credentialFromEnv("JANS_CLIENT_ID", "the Janssen client id", "client.clientId", { secret: false }),
      clientSecret: credentialFromEnv(
        config.clientSecretEnv ?? "JANS_CLIENT_SECRET",
        "the Janssen client secret",
        "client.clientSecretEnv",
      ),
      scopes: SCOPES,
    }),
    ...callOptions(context, config.timeoutMs),
  });
  return wholeDocumentBinder(name, {
    writer: writerKey(config.url, "clients", config.inum),
    async get() {
      const path = `api/v1/openid/clients/${encodeURIComponent(config.inum)}`;
      const response = await http.send({ operation: "read the client", method: "GET", path, expect: [200, 404] });
      // Only the config-api's own 404 (a JSON error) says the client is gone; a bare 404 comes from a web server in
      // front (config-api removed, a wrong url) and must not make refresh or destroy drop the binding.
      if (response.status === 404 && (typeof response.body !== "object" || response.body === null))
        throw new ClientResponseError(name, "read the client", "HTTP 404 that is not the config-api's: check client.url");
      return response.status === 404 ? undefined : processJanssenClient(name, response);
    },
    async put(document, next) {
      await http.send({
        operation: "update the client",
        method: "PUT",
        path: "api/v1/openid/clients",
        body: janssenClientBody(document, next),
        expect: [200],
      });
    },
  });
}

/** Registry entry for `kind: "janssen"`. */
export const janssenClientKind: ClientKind<JanssenClientConfig> = {
  credentialVariables: (c) => [...(c.clientId === undefined ? ["JANS_CLIENT_ID"] : []), c.clientSecretEnv ?? "JANS_CLIENT_SECRET"],
  configFailures: (c, p) => [
    ...unknownMemberFailures(c, ["url", "tokenUrl", "inum", "clientId", "clientSecretEnv", "timeoutMs"], p),
    ...urlFailures(c.url, `${p}.url`),
    ...urlFailures(c.tokenUrl, `${p}.tokenUrl`),
    ...(typeof c.inum === "string" && c.inum.length > 0 ? [] : [{ property: `${p}.inum`, reason: "required, the client's inum" }]),
    ...optionalStringFailures(c.clientId, `${p}.clientId`),
    ...optionalStringFailures(c.clientSecretEnv, `${p}.clientSecretEnv`),
    ...optionalPositiveIntFailures(c.timeoutMs, `${p}.timeoutMs`),
  ],
  bindingFailures: () => [],
  identity: (c) => ({ url: c.url.replace(/\/+$/, ""), inum: c.inum }),
  open: janssenClient,
};
