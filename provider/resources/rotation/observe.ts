/**
 * Reads the kids a public JWKS URL serves, to decide whether a next key may be promoted. Uses the hardened
 * fetcher (http/fetch-jwks.ts: https or loopback http, one deadline, size limit, same-host redirects, body
 * never quoted). A failure is an answer too ("not seen, because ..."), never an exception: an unreachable URL
 * blocks the promotion and nothing else.
 */
import { fetchJwks } from "../../http/fetch-jwks";
import { servedKids } from "../../core/rotation/observe";
import type { Observation } from "../../core/rotation/types";

/** Fetches `uri` once, within `timeoutMs`. */
export async function observeJwks(uri: string, timeoutMs = 10_000): Promise<Observation> {
  try {
    const { keys } = await fetchJwks(uri, { timeoutMs });
    return { uri, kids: servedKids({ keys }) ?? [] };
  } catch (e) {
    return { uri, error: (e as Error).message };
  }
}
