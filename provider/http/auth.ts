/**
 * Credentials as strategies (bearer token, OAuth 2.0 client credentials; a vendor's own scheme lives in its
 * folder). Each strategy is created per operation from the environment, so no credential is ever captured into
 * Pulumi state; the tokens they obtain are shared across the process (shared-tokens.ts).
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4 (client credentials grant)
 */
import { JwkInputError, JwksTargetError } from "../errors";
import type { AuthStrategy } from "./send";
import { registerCredential } from "../pulumi/credentials";
import { sharedTokenGrant } from "./shared-tokens";

/** `Authorization: Bearer <token>`. */
export function bearerToken(token: string): AuthStrategy {
  return { authorization: async () => `Bearer ${token}` };
}

export interface ClientCredentialsOptions {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scopes: readonly string[];
}

/**
 * OAuth 2.0 client credentials (client_secret_basic). The token is fetched on first use, shared by every
 * resource of the process that uses the same endpoint, client, scopes and secret (shared-tokens.ts), and kept
 * until 30 s before it expires, or until a 401 invalidates it.
 */
export function clientCredentials(o: ClientCredentialsOptions): AuthStrategy {
  const identity = { tokenUrl: o.tokenUrl, parts: ["client_credentials", o.clientId, ...o.scopes], secret: o.clientSecret };
  return sharedTokenGrant(
    identity,
    async (http) => {
      const basic = Buffer.from(`${encodeURIComponent(o.clientId)}:${encodeURIComponent(o.clientSecret)}`).toString("base64");
      registerCredential(basic); // the secret, encoded: a server or proxy that echoes the request shows it so
      const res = await http.send({
        operation: "get an access token",
        method: "POST",
        path: o.tokenUrl,
        // No scope parameter when none is asked for: some servers (e.g. worker apps) grant the client's roles then.
        form: o.scopes.length ? { grant_type: "client_credentials", scope: o.scopes.join(" ") } : { grant_type: "client_credentials" },
        authorization: `Basic ${basic}`,
        expect: [200],
        idempotent: true, // a token request changes nothing on the server
      });
      const body = res.body as { access_token?: unknown; expires_in?: unknown };
      if (typeof body?.access_token !== "string") {
        throw new JwksTargetError(http.target, "get an access token", `the token endpoint ${o.tokenUrl} answered without an access_token`);
      }
      return { token: body.access_token, ttlSeconds: typeof body.expires_in === "number" ? body.expires_in : 300 };
    },
    30,
  );
}

/**
 * Reads a credential from the environment, or explains which variable to set. A secret (the default: tokens,
 * secrets, passwords) is registered so that no message shows it (pulumi/credentials.ts); an identifier (a
 * client id, a user name) is read with `{ secret: false }` and may be named in messages.
 */
export function credentialFromEnv(variable: string, what: string, property: string, options: { secret?: boolean } = {}): string {
  const value = process.env[variable];
  if (value === undefined || value === "") {
    throw new JwkInputError([{ property, reason: `${what} is read from the environment variable ${variable}, which is not set` }]);
  }
  if (options.secret !== false) registerCredential(value);
  return value;
}
