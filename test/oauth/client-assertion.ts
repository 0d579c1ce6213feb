/**
 * Test helper: obtains an access token by the client credentials grant, the client authenticating with
 * private_key_jwt (RFC 7523), through oauth4webapi (form encoding, response checks). The assertion has what
 * oidc-provider, Keycloak and Hydra all accept (BRIEF.md section 2): header `alg` and `kid`; `iss` = `sub` =
 * client_id; `aud` = the token endpoint as ONE string (Keycloak refuses arrays; oauth4webapi's default is the
 * issuer); a fresh `jti`, `iat` and `exp` (oauth4webapi sets those per request).
 *
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-3
 */
import { importJWK, type JWK } from "jose";
import * as oauth from "oauth4webapi";

export interface TokenRequest {
  /** The server's issuer identifier. */
  issuer: string;
  /** Token endpoint URL; also the assertion's `aud`. */
  tokenEndpoint: string;
  clientId: string;
  /** The client's private JWK (e.g. `Jwk.privateJwk`), with `kid` and `alg`. */
  privateJwk: JWK;
  /** Signing alg when the JWK has no `alg`. */
  alg?: string;
  scope?: string;
}

/** What the token endpoint answered: a token, or the OAuth error it refused with. */
export type TokenOutcome = { ok: true; accessToken: string; tokenType: string } | { ok: false; status: number; error: string };

/** Signs a client assertion with `privateJwk` and asks for a client_credentials token. Never throws on a refusal. */
export async function requestClientCredentialsToken(r: TokenRequest): Promise<TokenOutcome> {
  const alg = r.privateJwk.alg ?? r.alg;
  if (alg === undefined) throw new TypeError("privateJwk has no alg and no alg was given");
  const key = await importJWK({ ...r.privateJwk, key_ops: ["sign"] }, alg);
  if (!(key instanceof CryptoKey)) throw new TypeError("privateJwk is not an asymmetric private key");
  const as: oauth.AuthorizationServer = { issuer: r.issuer, token_endpoint: r.tokenEndpoint };
  const client: oauth.Client = { client_id: r.clientId };
  const auth = oauth.PrivateKeyJwt(
    { key, ...(typeof r.privateJwk.kid === "string" ? { kid: r.privateJwk.kid } : {}) },
    {
      [oauth.modifyAssertion]: (_header, payload) => {
        payload.aud = r.tokenEndpoint;
      },
    },
  );
  const params: Record<string, string> = r.scope ? { scope: r.scope } : {};
  // Test servers listen on http://127.0.0.1.
  const response = await oauth.clientCredentialsGrantRequest(as, client, auth, params, { [oauth.allowInsecureRequests]: true });
  const status = response.status;
  try {
    const result = await oauth.processClientCredentialsResponse(as, client, response);
    return { ok: true, accessToken: result.access_token, tokenType: result.token_type };
  } catch (e) {
    if (e instanceof oauth.ResponseBodyError) return { ok: false, status, error: e.error };
    throw e;
  }
}
