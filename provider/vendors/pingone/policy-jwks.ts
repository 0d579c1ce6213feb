/**
 * Reading a key rotation policy's JWKS (`GET .../keyRotationPolicies/{id}/jwks`): the public keys of every KrpKey
 * the policy holds, told apart by the time in their UUIDv1 kids. The newest key is NEXT (generated ahead, the one
 * the next rotation promotes), the one before it CURRENT (signing now), older ones PREVIOUS (still published
 * so tokens signed before the last rotation verify).
 *
 * @see https://developer.pingidentity.com/pingone-api/platform/certificate-management/key-rotation-policies/get-jwks-for-key-rotation-policy.html
 */
import { compareUuidV1, uuidV1Date } from "../../core/keys/uuid-v1";
import { PingOneKeyOrderError, PingOneResponseError } from "./errors";
import { isRecord } from "../../core/is-record";

/** One public key of the policy, with its role and the moment its kid says it was made. */
export interface PolicyKey {
  kid: string;
  role: "current" | "next" | "previous";
  /** ISO 8601, from the kid's UUIDv1 timestamp. */
  createdAt: string;
  jwk: Record<string, unknown>;
}

/** The policy's keys, oldest first, and the two that matter. */
export interface PolicyKeys {
  keys: PolicyKey[];
  current: PolicyKey;
  next: PolicyKey;
}

const PUBLIC_MEMBERS = ["kty", "kid", "use", "alg", "n", "e", "x5c", "x5t", "x5t#S256"];

/**
 * Interprets the JWKS body. Only public members are kept (a private member in the answer is dropped, never passed
 * on); kids must be UUIDv1 and at least two keys present.
 * @throws PingOneResponseError when the body is no JWK Set; PingOneKeyOrderError when the keys cannot be ordered
 */
export function processPolicyJwks(body: unknown, target: string): PolicyKeys {
  const operation = "read the policy JWKS";
  if (!isRecord(body) || !Array.isArray(body.keys)) throw new PingOneResponseError(target, operation, "no `keys` array");
  const jwks = body.keys.map((k, i) => {
    if (!isRecord(k) || typeof k.kid !== "string" || typeof k.kty !== "string")
      throw new PingOneResponseError(target, operation, `keys[${i}] is not a JWK with kty and kid`);
    return Object.fromEntries(PUBLIC_MEMBERS.filter((m) => k[m] !== undefined).map((m) => [m, k[m]]));
  });
  const notV1 = jwks.filter((k) => uuidV1Date(k.kid as string) === undefined).map((k) => k.kid as string);
  if (notV1.length) throw new PingOneKeyOrderError(target, `kid(s) ${notV1.join(", ")} are not time-based UUIDs (version 1)`);
  if (jwks.length < 2)
    throw new PingOneKeyOrderError(target, `the policy publishes ${jwks.length} key(s), PingOne keeps a current and a next one`);
  jwks.sort((a, b) => compareUuidV1(a.kid as string, b.kid as string));
  const keys: PolicyKey[] = jwks.map((jwk, i) => ({
    kid: jwk.kid as string,
    role: i === jwks.length - 1 ? "next" : i === jwks.length - 2 ? "current" : "previous",
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- notV1 above rejected kids that are not UUID v1
    createdAt: uuidV1Date(jwk.kid as string)!.toISOString(),
    jwk,
  }));
  return { keys, current: keys[keys.length - 2], next: keys[keys.length - 1] };
}
