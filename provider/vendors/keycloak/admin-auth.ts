/**
 * Credentials for Keycloak's admin REST API, as a strategy chosen by the client reference: an admin user by the
 * password grant at the admin realm's token endpoint (the bootstrap `admin` of the `master` realm through the
 * public `admin-cli` client), or a confidential client's service account by the client credentials grant (the
 * production way: a client in the admin realm with the `manage-clients` role of the target realm). Every
 * credential is read from an environment variable the reference names, when an operation opens the client.
 *
 * @see https://www.keycloak.org/docs-api/latest/rest-api/index.html (obtaining an admin token)
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.3 (resource owner password credentials grant)
 */
import { JwksTargetError } from "../../errors";
import { clientCredentials, credentialFromEnv } from "../../http/auth";
import { sharedTokenGrant, type GrantedToken } from "../../http/shared-tokens";
import type { AuthStrategy, HttpClient, HttpResponse } from "../../http/send";

/** Where the admin credentials come from (members of the `keycloak` client reference). */
export interface KeycloakAdminConfig {
  /** Realm the admin authenticates in (default `master`). */
  adminRealm?: string;
  /** Client the admin token is requested with (default `admin-cli`). */
  adminClientId?: string;
  /** Environment variable holding the admin user name (default KEYCLOAK_ADMIN_USERNAME). */
  adminUsernameEnv?: string;
  /** Environment variable holding the admin password (default KEYCLOAK_ADMIN_PASSWORD). */
  adminPasswordEnv?: string;
  /** Environment variable holding `adminClientId`'s secret: when set, its service account is used instead of a user. */
  adminClientSecretEnv?: string;
}

/** The admin realm's token endpoint, relative to the server's base URL. */
export function adminTokenPath(config: KeycloakAdminConfig): string {
  return `realms/${encodeURIComponent(config.adminRealm ?? "master")}/protocol/openid-connect/token`;
}

/** The access token and its lifetime in a token response; throws when the body has no access token. */
export function processAdminToken(target: string, response: HttpResponse): GrantedToken {
  const body = response.body as { access_token?: unknown; expires_in?: unknown } | undefined;
  if (typeof body?.access_token !== "string" || body.access_token.length === 0)
    throw new JwksTargetError(target, "get an admin token", "the token endpoint answered without an access_token");
  // Keycloak's admin tokens live 60 s by default: keep the answer's figure, not a guess.
  return { token: body.access_token, ttlSeconds: typeof body.expires_in === "number" ? body.expires_in : 60 };
}

/**
 * The password grant, its token shared by every resource of the process that uses the same user (each grant costs
 * Keycloak a PBKDF2 hash of the password) and kept until 10 s before it expires or a 401 invalidates it.
 */
function passwordGrant(path: string, clientId: string, username: string, password: string): AuthStrategy {
  return sharedTokenGrant(
    { tokenUrl: path, parts: ["password", clientId, username], secret: password },
    async (http: HttpClient) => {
      const response = await http.send({
        operation: "get an admin token",
        method: "POST",
        path,
        form: { grant_type: "password", client_id: clientId, username, password },
        // No Authorization header: admin-cli is a public client, and this call must not carry a stale token.
        authorization: "",
        expect: [200],
        idempotent: true, // a token request changes nothing on the server
      });
      return processAdminToken(http.target, response);
    },
    10,
  );
}

/**
 * The admin credentials strategy for a client reference; throws a `JwkInputError` naming the variable that is
 * not set.
 *
 * @example
 * keycloakAdminAuth({ adminUsernameEnv: "KC_USER", adminPasswordEnv: "KC_PASSWORD" }, "client")
 */
export function keycloakAdminAuth(config: KeycloakAdminConfig, path: string): AuthStrategy {
  const clientId = config.adminClientId ?? "admin-cli";
  if (config.adminClientSecretEnv !== undefined) {
    return clientCredentials({
      tokenUrl: adminTokenPath(config),
      clientId,
      clientSecret: credentialFromEnv(
        config.adminClientSecretEnv,
        `the secret of Keycloak client ${clientId}`,
        `${path}.adminClientSecretEnv`,
      ),
      scopes: [],
    });
  }
  const usernameEnv = config.adminUsernameEnv ?? "KEYCLOAK_ADMIN_USERNAME";
  const passwordEnv = config.adminPasswordEnv ?? "KEYCLOAK_ADMIN_PASSWORD";
  return passwordGrant(
    adminTokenPath(config),
    clientId,
    credentialFromEnv(usernameEnv, "the Keycloak admin user name", `${path}.adminUsernameEnv`, { secret: false }),
    credentialFromEnv(passwordEnv, "the Keycloak admin password", `${path}.adminPasswordEnv`),
  );
}
