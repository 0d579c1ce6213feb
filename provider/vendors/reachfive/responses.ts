/**
 * Interpreting ReachFive Management API answers: pure functions from a parsed response to a typed value, so
 * every shape rule is tested with a hand-made response (test/targets/reachfive-responses.test.ts). Remote JSON is
 * `unknown` until these guards accept it. Shapes the public documentation does not give are this project's
 * assumptions, named in test/emulators/specs/reachfive-management-keys.yaml.
 */
import type { HttpResponse } from "../../http/send";
import { ReachFiveResponseError } from "../../errors";

/** A ReachFive public signing key (RS256). */
export interface ReachFiveKey {
  kty: "RSA";
  kid: string;
  use?: string;
  alg?: string;
  n: string;
  e: string;
}

/** What the Management API says about one client's signing. */
export interface ReachFiveClientInfo {
  clientId: string;
  alg: string;
  /** "global" (the account pair) or "client_specific" (its own pair); absent for HS256 clients. */
  jwksType?: "global" | "client_specific";
  /** The kid that signs its tokens now. */
  kid?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown): v is string => typeof v === "string" && v.length > 0;

/** The public members of an RSA key, or why it is not one. Private members are refused, never copied. */
export function publicKeyOf(value: unknown): ReachFiveKey | string {
  if (!isRecord(value)) return "a key is not an object";
  if (value.kty !== "RSA") return `key ${JSON.stringify(value.kid)} is not RSA`;
  if (!nonEmpty(value.kid)) return "a key has no kid";
  if (!nonEmpty(value.n) || !nonEmpty(value.e)) return `key "${value.kid}" lacks n or e`;
  if (["d", "p", "q", "dp", "dq", "qi"].some((m) => m in value)) return `key "${value.kid}" carries private members`;
  return {
    kty: "RSA",
    kid: value.kid,
    ...(nonEmpty(value.use) ? { use: value.use } : {}),
    ...(nonEmpty(value.alg) ? { alg: value.alg } : {}),
    n: value.n,
    e: value.e,
  };
}

/** GET/POST /api/v1/site/keys: the account pair's public key. */
export function processSiteKey(response: HttpResponse, target: string, operation: string): ReachFiveKey {
  const key = publicKeyOf(response.body);
  if (typeof key === "string") throw new ReachFiveResponseError(target, operation, key);
  return key;
}

/** GET /jwks.json: every published key (global and client-specific pairs). */
export function processJwks(response: HttpResponse, target: string): ReachFiveKey[] {
  const body = response.body;
  if (!isRecord(body) || !Array.isArray(body.keys)) throw new ReachFiveResponseError(target, "read /jwks.json", 'no "keys" array');
  return body.keys.map((k) => {
    const key = publicKeyOf(k);
    if (typeof key === "string") throw new ReachFiveResponseError(target, "read /jwks.json", key);
    return key;
  });
}

/** GET /api/v1/clients/{id}, and the answer of POST/PUT .../keys. */
export function processClient(response: HttpResponse, target: string, operation: string): ReachFiveClientInfo {
  const b = response.body;
  if (!isRecord(b)) throw new ReachFiveResponseError(target, operation, "the client is not a JSON object");
  if (!nonEmpty(b.client_id)) throw new ReachFiveResponseError(target, operation, "the client has no client_id");
  if (!nonEmpty(b.id_token_signed_response_alg))
    throw new ReachFiveResponseError(target, operation, `client "${b.client_id}" has no id_token_signed_response_alg`);
  if (b.jwks_type !== undefined && b.jwks_type !== "global" && b.jwks_type !== "client_specific")
    throw new ReachFiveResponseError(target, operation, `client "${b.client_id}" has an unknown jwks_type ${JSON.stringify(b.jwks_type)}`);
  return {
    clientId: b.client_id,
    alg: b.id_token_signed_response_alg,
    ...(b.jwks_type !== undefined ? { jwksType: b.jwks_type } : {}),
    ...(nonEmpty(b.kid) ? { kid: b.kid } : {}),
  };
}
