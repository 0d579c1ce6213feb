/**
 * Keycloak's client authenticators and the RFC 7591 `token_endpoint_auth_method` each one is: a binding
 * declares and reads back the standard name, the adapter sets Keycloak's `clientAuthenticatorType`.
 *
 * @see https://www.keycloak.org/docs/latest/server_admin/#_client-credentials
 */
import type { InputFailure } from "../../errors";

const AUTHENTICATORS: Readonly<Record<string, string>> = {
  "client-jwt": "private_key_jwt",
  "client-secret-jwt": "client_secret_jwt",
  // Keycloak's client-secret authenticator takes the secret in the header and in the body alike.
  "client-secret": "client_secret_basic",
  "client-x509": "tls_client_auth",
};
const METHODS: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(AUTHENTICATORS).map(([id, m]) => [m, id]));

/** The auth method a client representation has: `none` for a public client, else its authenticator's method. */
export function authMethodOf(document: Record<string, unknown>): string | undefined {
  if (document.publicClient === true) return "none";
  const id = document.clientAuthenticatorType;
  return typeof id === "string" && id.length > 0 ? (AUTHENTICATORS[id] ?? id) : undefined;
}

/** Keycloak's authenticator id for an auth method, `undefined` when it has none. */
export function authenticatorFor(method: string): string | undefined {
  return METHODS[method];
}

/** Methods Keycloak has no authenticator for (`none` is a public client, which has no keys to bind). */
export function authMethodFailures(method: string | undefined): InputFailure[] {
  if (method === undefined || METHODS[method]) return [];
  const hint =
    method === "client_secret_post"
      ? "Keycloak's client-secret authenticator accepts the secret in the header and in the body: declare client_secret_basic"
      : `Keycloak client authenticators are ${Object.keys(METHODS).join(", ")}`;
  return [{ property: "auth.method", reason: `"${method}" cannot be set on a Keycloak client; ${hint}` }];
}
