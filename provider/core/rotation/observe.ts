/**
 * Reads the kids a public JWKS URL serves, to decide whether a next key may be promoted. Uses the hardened
 * fetcher (http/fetch-jwks.ts: https or loopback http, one deadline, size limit, same-host redirects, body
 * never quoted). A failure is an answer too ("not seen, because ..."), never an exception: an unreachable URL
 * blocks the promotion and nothing else.
 */
import { fetchJwks } from "../../http/fetch-jwks";
import type { Observation } from "./types";

/** Fetches `uri` once, within `timeoutMs`. */
export async function observeJwks(uri: string, timeoutMs = 10_000): Promise<Observation> {
  try {
    const { keys } = await fetchJwks(uri, { timeoutMs });
    return { uri, kids: servedKids({ keys }) ?? [] };
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
