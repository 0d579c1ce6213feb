/**
 * Token grants shared by every resource of the provider process. The engine runs all dynamic resources of a
 * deployment in one provider process, and each operation opens its own HTTP client: a token cached per client
 * would be asked for once per resource (N bindings on one identity server, N password grants, each one a costly
 * password hash on the server). Here a grant is kept per token endpoint, client, grant parameters and secret, until shortly before
 * it expires; a 401 drops it for everyone; resources that need it at the same moment share one request.
 *
 * No secret is kept in clear: the key holds an HMAC of it under a random per-process key, so a printed key
 * tells nothing about the secret. This state is never serialised into Pulumi state: the stored provider is a
 * one-line stub that `require`s this package, so the module lives only in the provider process.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1 (expires_in)
 */
import { createHmac, randomBytes } from "node:crypto";
import type { AuthStrategy, HttpClient } from "./send";
import { registerCredential } from "../pulumi/credentials";

/** A bearer token from a token endpoint and how many seconds it lives. */
export interface GrantedToken {
  token: string;
  ttlSeconds: number;
}

/** What selects one token: where it is asked, the grant's public parameters, and the secret it is asked with. */
export interface TokenGrantIdentity {
  /** The token endpoint, absolute or relative to the client's base URL. */
  tokenUrl: string;
  /** Public parameters that select the token: grant type, client id, user name, scopes. */
  parts: readonly string[];
  /** The secret (client secret, password): only its HMAC enters the key. */
  secret: string;
}

const processKey = randomBytes(32);
const digest = (secret: string) => createHmac("sha256", processKey).update(secret).digest("base64url");

/** One token for one identity: cached until `until`, or being asked for (`pending`). */
class SharedGrant {
  private cached: { token: string; until: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(
    private readonly request: (http: HttpClient) => Promise<GrantedToken>,
    private readonly marginSeconds: number,
  ) {}

  token(http: HttpClient): Promise<string> {
    if (this.cached && Date.now() < this.cached.until) return Promise.resolve(this.cached.token);
    this.pending ??= this.request(http)
      .then(({ token, ttlSeconds }) => {
        registerCredential(token); // an access token is a credential too: no message may show it
        this.cached = { token, until: Date.now() + Math.max(0, ttlSeconds - this.marginSeconds) * 1000 };
        return token;
      })
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }

  /** Drops `token` if it is still the cached one: N calls refused with one stale token renew it once. */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }
}

// Per dispatcher (a test's MockAgent is its own world); the global dispatcher when none is given.
const byDispatcher = new WeakMap<object, Map<string, SharedGrant>>();
const GLOBAL = {};

function grantFor(http: HttpClient, identity: TokenGrantIdentity, make: () => SharedGrant): SharedGrant {
  const scope = http.dispatcher ?? GLOBAL;
  let grants = byDispatcher.get(scope);
  if (!grants) byDispatcher.set(scope, (grants = new Map<string, SharedGrant>()));
  const key = JSON.stringify([http.urlOf(identity.tokenUrl).href, ...identity.parts, digest(identity.secret)]);
  let grant = grants.get(key);
  if (!grant) grants.set(key, (grant = make()));
  return grant;
}

/**
 * A token grant as a strategy shared across the process: `request` runs when no live token exists for
 * `identity`, and the token is kept until `marginSeconds` before it expires, or until a 401 invalidates it.
 *
 * @example
 * sharedTokenGrant({ tokenUrl, parts: ["client_credentials", clientId], secret }, (http) => askToken(http), 30)
 */
export function sharedTokenGrant(
  identity: TokenGrantIdentity,
  request: (http: HttpClient) => Promise<GrantedToken>,
  marginSeconds: number,
): AuthStrategy {
  let used: { grant: SharedGrant; token: string } | undefined;
  return {
    invalidate: () => used?.grant.invalidate(used.token),
    async authorization(http: HttpClient) {
      const grant = grantFor(http, identity, () => new SharedGrant(request, marginSeconds));
      const token = await grant.token(http);
      used = { grant, token };
      return `Bearer ${token}`;
    },
  };
}
