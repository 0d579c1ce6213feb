/**
 * An RFC 7523 client assertion (private_key_jwt, OpenID Connect Core section 9): a JWT whose `iss` and `sub`
 * are the client_id, `aud` the authorization server's token endpoint (or issuer), with a fresh `jti`, `iat` and
 * a short `exp`, signed by the client's key in custody or a private JWK. Sent as `client_assertion` with
 * `client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-3
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ClientAuthentication
 */
import { randomUUID } from "node:crypto";
import { JwkInputError, type InputFailure } from "../errors";
import { signJws } from "./jws";
import type { SigningKey } from "./signer";

/** What {@link clientAssertion} asserts, and with which key. */
export type ClientAssertionOptions = SigningKey & {
  /** JWA algorithm, e.g. ES256 (the client's `token_endpoint_auth_signing_alg`). */
  alg: string;
  /** The key's `kid` as the server knows it (a `Jwk`'s `kid` output); optional with a private JWK that has one. */
  kid?: string;
  /** The client_id: `iss` and `sub`. */
  clientId: string;
  /** `aud`: the token endpoint URL (Keycloak and Hydra want exactly that one string) or the issuer. */
  audience: string;
  /** Seconds from `iat` to `exp` (default 60, at most 3600: an assertion is for one request). */
  lifetimeSeconds?: number;
  /** The `jti` (default: a random UUID); servers refuse a `jti` they saw before. */
  jti?: string;
};

/** Default and longest lifetime of an assertion, in seconds. */
const DEFAULT_LIFETIME = 60;
const MAX_LIFETIME = 3600;

function failuresOf(o: ClientAssertionOptions): InputFailure[] {
  const f: InputFailure[] = [];
  const text = (property: keyof ClientAssertionOptions, value: unknown, optional = false) => {
    if (optional && value === undefined) return;
    if (typeof value !== "string" || value.trim() === "") f.push({ property, reason: "must be a non-empty string" });
  };
  text("clientId", o.clientId);
  text("audience", o.audience);
  text("jti", o.jti, true);
  text("kid", o.kid, true);
  const life = o.lifetimeSeconds;
  if (life !== undefined && (!Number.isInteger(life) || life < 1 || life > MAX_LIFETIME))
    f.push({ property: "lifetimeSeconds", reason: `must be a whole number of seconds from 1 to ${MAX_LIFETIME}` });
  const ownKid = (o.privateJwk as { kid?: unknown } | undefined)?.kid;
  if (o.kid === undefined && typeof ownKid !== "string")
    f.push({ property: "kid", reason: "is needed: the server picks the client's key by kid (a Jwk's kid output)" });
  return f;
}

/**
 * Signs a client assertion and returns it (a compact JWS).
 *
 * @example
 * const assertion = await clientAssertion({
 *   keyUri: "vault-transit:name=app?address=https://vault.example:8200", alg: "ES256", kid,
 *   clientId: "app", audience: "https://login.example/oauth2/token",
 * });
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.2
 */
export async function clientAssertion(options: ClientAssertionOptions): Promise<string> {
  const failures = failuresOf(options);
  if (failures.length > 0) throw new JwkInputError(failures);
  const iat = Math.floor(Date.now() / 1000);
  const claims = {
    iss: options.clientId,
    sub: options.clientId,
    aud: options.audience,
    jti: options.jti ?? randomUUID(),
    iat,
    exp: iat + (options.lifetimeSeconds ?? DEFAULT_LIFETIME),
  };
  const key: SigningKey = options.keyUri !== undefined ? { keyUri: options.keyUri } : { privateJwk: options.privateJwk };
  return signJws({ ...key, alg: options.alg, kid: options.kid, payload: JSON.stringify(claims), protectedHeader: { typ: "JWT" } });
}
