/**
 * `rfc7592`: any client registered by RFC 7591 dynamic registration whose server has RFC 7592 registration
 * management: GET the client's configuration at its `registration_client_uri`, PUT it back whole with the
 * merged `jwks` (a PUT replaces every field, so the fields the server computes are left out and the rest
 * echoed), authenticated by the client's registration access token.
 *
 * Token rotation: a server may answer a PUT with a new registration access token (oidc-provider by default,
 * some servers always), invalidating the one in the environment variable. The adapter records the new token in the
 * context's {@link RotatedCredentials} (the resource keeps it as a secret output) and tries it first next
 * time, falling back to the environment variable's token on 401 (someone issued a fresh one). The PUT is never
 * repeated after an unclear answer (the repeat would carry the old token): that failure is a
 * `TokenRotationUnclearError` naming the variable to put a new token in. A 401 after every token is no "client gone"
 * (RFC 7592 answers it for an unknown client and for a bad token alike): it stays an error.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7592#section-2
 */
import { bearerToken } from "../../http/auth";
import { callOptions, HttpClient, type AuthStrategy, type HttpResponse } from "../../http/send";
import { ClientResponseError, TokenRotationUnclearError, isHttpError, JwkInputError } from "../../errors";
import { optionalPositiveIntFailures, optionalStringFailures, unknownMemberFailures, urlFailures } from "../../targets/kind";
import { liveSettings, privateMembersOf, readDocumentKeys, wholeDocumentBinder } from "../document";
import type { ClientKind, ClientOpenContext, LiveBinding } from "../types";
import { writerKey } from "../../targets/queue";
import { registerCredential } from "../../pulumi/credentials";

/** `{ kind: "rfc7592", registrationClientUri }`: a client managed through RFC 7592. */
export interface Rfc7592ClientConfig {
  kind: "rfc7592";
  /** The client's `registration_client_uri`, as the registration response gave it. */
  registrationClientUri: string;
  /** Environment variable holding the registration access token (default REGISTRATION_ACCESS_TOKEN). */
  tokenEnv?: string;
  timeoutMs?: number;
}

/** Fields the server computes: RFC 7592 section 2.2 says a PUT must not carry them (oidc-provider refuses them). */
const SERVER_FIELDS = /^(registration_access_token|registration_client_uri|.*_issued_at|.*_expires_at)$/;

/** The live binding in a client configuration response; the whole document is kept for the next PUT. */
export function processClientConfiguration(
  client: string,
  response: HttpResponse,
): { document: Record<string, unknown>; live: LiveBinding } {
  const body = response.body;
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new ClientResponseError(client, "read the client", "the response is not a client configuration object");
  const document = body as Record<string, unknown>;
  const jwks = document.jwks as { keys?: unknown } | undefined;
  // Public members only; a write puts keys the binding does not own back as read (clients/document.ts).
  const keys = readDocumentKeys(Array.isArray(jwks?.keys) ? (jwks.keys as unknown[]) : []);
  return { document, live: liveSettings(document, keys) };
}

/** The PUT body: the client's configuration with the server's fields left out and the binding's fields set. */
export function clientUpdateBody(document: Record<string, unknown>, next: LiveBinding): Record<string, unknown> {
  const body = Object.fromEntries(Object.entries(document).filter(([m]) => !SERVER_FIELDS.test(m) && m !== "jwks" && m !== "jwks_uri"));
  if (next.jwksUri !== undefined) body.jwks_uri = next.jwksUri;
  else body.jwks = { keys: next.keys };
  if (next.authMethod !== undefined) body.token_endpoint_auth_method = next.authMethod;
  if (next.signingAlg !== undefined) body.token_endpoint_auth_signing_alg = next.signingAlg;
  return body;
}

/** The environment variable the registration access token is read from. */
const tokenVariable = (config: Rfc7592ClientConfig) => config.tokenEnv ?? "REGISTRATION_ACCESS_TOKEN";

/**
 * The error for a PUT that may have rotated the token without our seeing the new one: no answer, a lost or
 * malformed body, or a 5xx (the server may have applied the update before failing). `undefined` for a clear refusal.
 */
export function rotationUnclear(client: string, variable: string, e: unknown): TokenRotationUnclearError | undefined {
  if (!isHttpError(e)) return undefined;
  const applied = e.status !== undefined && e.status >= 200 && e.status < 300;
  if (!e.unclear && !applied) return undefined;
  const what = applied ? `the server answered HTTP ${e.status} but the answer could not be read: ${e.detail}` : e.reason;
  return new TokenRotationUnclearError(client, variable, what, { cause: e });
}

/**
 * The newest registration token this process received per client and variable. Bindings on one client queue
 * behind each other (targets/queue.ts), and each PUT rotates the token on servers that rotate: the next binding
 * must use the token the previous one received, not the one its own state or the variable holds (refused now).
 */
const newestTokens = new Map<string, string>();

/**
 * Tries the newest token this process saw for the client first, then the one the binding's state holds, then the
 * environment's, moving on after a 401 (the HTTP client re-authorises once). Chosen at each request, since a
 * binding waiting in the queue sees the token the binding before it received.
 */
function registrationTokens(config: Rfc7592ClientConfig, context: ClientOpenContext): AuthStrategy & { use(token: string): void } {
  const variable = tokenVariable(config);
  const shared = `${writerKey(config.registrationClientUri)} ${variable}`;
  const fromEnv = process.env[variable] || undefined;
  const candidates = () =>
    [newestTokens.get(shared), context.rotated?.get(variable), fromEnv].filter((t, i, all): t is string => !!t && all.indexOf(t) === i);
  for (const token of candidates()) registerCredential(token);
  if (candidates().length === 0)
    throw new JwkInputError([
      {
        property: "client.tokenEnv",
        reason: `the registration access token is read from the environment variable ${variable}, which is not set`,
      },
    ]);
  // Tokens the server refused for this binding: skipped from then on, whichever binding received a newer one since.
  const refused = new Set<string>();
  let last: string | undefined;
  return {
    authorization: (http) => {
      const all = candidates();
      const token = all.find((t) => !refused.has(t)) ?? all[all.length - 1];
      last = token;
      // A token another binding received is the newest: this binding's state keeps it too.
      if (token === newestTokens.get(shared) && token !== context.rotated?.get(variable)) context.rotated?.set(variable, token);
      return bearerToken(token).authorization(http);
    },
    invalidate: () => {
      if (last !== undefined) refused.add(last);
    },
    use(token) {
      registerCredential(token); // the rotated token the server just handed out
      newestTokens.set(shared, token);
      context.rotated?.set(variable, token);
    },
  };
}

export function rfc7592Client(config: Rfc7592ClientConfig, context: ClientOpenContext = {}) {
  const name = `rfc7592 client ${config.registrationClientUri}`;
  const variable = tokenVariable(config);
  const tokens = registrationTokens(config, context);
  const http = new HttpClient({
    target: name,
    baseUrl: config.registrationClientUri,
    auth: tokens,
    ...callOptions(context, config.timeoutMs),
  });
  return wholeDocumentBinder(name, {
    writer: writerKey(config.registrationClientUri),
    async get() {
      // RFC 7592 section 2.1: an unknown client is a 401, indistinguishable from a bad token, so a 401 (after the
      // HTTP client retried with the next token, see above) stays an error: it never says the client is gone. Only a
      // 404 does (some servers answer one).
      const response = await http.send({
        operation: "read the client",
        method: "GET",
        path: config.registrationClientUri,
        expect: [200, 404],
      });
      // Some servers answer a read with the registration token too: a credential, never to be shown.
      registerCredential((response.body as { registration_access_token?: unknown } | undefined)?.registration_access_token);
      return response.status === 404 ? undefined : processClientConfiguration(name, response);
    },
    refuses(key) {
      const members = privateMembersOf(key);
      return members.length === 0
        ? undefined
        : `it carries private members (${members.join(", ")}), which a registration server refuses in a client's jwks ` +
            `(RFC 7591 metadata holds public keys; oidc-provider answers 400)`;
    },
    async put(document, next) {
      let response: HttpResponse;
      try {
        response = await http.send({
          operation: "update the client",
          method: "PUT",
          path: config.registrationClientUri,
          body: clientUpdateBody(document, next),
          // The server may rotate the registration access token with this PUT: repeated after an unclear answer, it
          // would go with the old token, be refused, and the new one would be lost. Never repeated blindly.
          idempotent: false,
          expect: [200],
        });
      } catch (e) {
        throw rotationUnclear(name, variable, e) ?? e;
      }
      const rotated = (response.body as { registration_access_token?: unknown } | undefined)?.registration_access_token;
      if (typeof rotated !== "string" || rotated.length === 0) return {};
      tokens.use(rotated);
      return { rotatedCredential: true };
    },
    log: context.log,
  });
}

/** Registry entry for `kind: "rfc7592"`. */
export const rfc7592Kind: ClientKind<Rfc7592ClientConfig> = {
  configFailures: (c, p) => [
    ...unknownMemberFailures(c, ["registrationClientUri", "tokenEnv", "timeoutMs"], p),
    ...urlFailures(c.registrationClientUri, `${p}.registrationClientUri`),
    ...optionalStringFailures(c.tokenEnv, `${p}.tokenEnv`),
    ...optionalPositiveIntFailures(c.timeoutMs, `${p}.timeoutMs`),
  ],
  bindingFailures: () => [],
  identity: (c) => ({ registrationClientUri: c.registrationClientUri.replace(/\/+$/, "") }),
  credentialVariables: (c) => [tokenVariable(c)],
  open: rfc7592Client,
};
