/**
 * Reads the kids a public JWKS URL serves, to decide whether a next key may be promoted. A failure is an
 * answer too ("not seen, because ..."), never an exception: an unreachable URL blocks the promotion and
 * nothing else.
 */
import { parseJsonText } from "../json-syntax";
import { HttpClient } from "../targets/http";
import type { Observation } from "./types";

/** Fetches `uri` once (one retry on a network error or 5xx), within `timeoutMs`. */
export async function observeJwks(uri: string, timeoutMs = 10_000): Promise<Observation> {
  const url = new URL(uri);
  const http = new HttpClient({ target: `jwksUri ${uri}`, baseUrl: url.origin, timeoutMs, maxRetries: 1, maxRetryDelayMs: 2_000 });
  try {
    const res = await http.send({
      operation: "read the published JWK Set",
      method: "GET",
      path: `${url.pathname}${url.search}`,
      expect: [200],
    });
    const kids = servedKids(typeof res.body === "string" ? parseJsonText(res.body) : res.body);
    return kids ? { uri, kids } : { uri, error: "the response is not a JWK Set (no keys array)" };
  } catch (e) {
    return { uri, error: (e as Error).message };
  }
}

/** The kids of a JWK Set document (`undefined` when it is not one); keys without a string kid are skipped. */
export function servedKids(doc: unknown): string[] | undefined {
  const keys = (doc as { keys?: unknown } | null)?.keys;
  if (typeof doc !== "object" || doc === null || !Array.isArray(keys)) return undefined;
  return keys.flatMap((k) => (typeof (k as { kid?: unknown })?.kid === "string" ? [(k as { kid: string }).kid] : []));
}
