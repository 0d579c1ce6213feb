/**
 * How a live JWK Set differs from the declared one, by kid: the drift a `JwkSet` reports and a
 * `ClientKeyBinding` reports for the keys a client holds. Pure.
 */
import type { PublicJwk } from "../keys/material";
import { sameKey, type SetMode } from "./diff";

/** How the live set differs from the declared one, by kid. Empty lists mean no drift. */
export interface Drift {
  /** Declared keys the target does not hold. */
  missing: string[];
  /** Declared keys the target holds with other content, in another status (ACTIVE/INACTIVE), or about to expire. */
  changed: string[];
  /** Keys the target holds that were not declared (exclusive mode only; additive mode leaves them alone). */
  unexpected: string[];
  /** Why the live document does not parse (document targets), with a position; the lists are then empty. */
  unparsable?: string;
}

/** Compares declared keys with live keys; `outOfDate` flags live keys that match but need work (status, expiry). */
export function driftOf(
  declared: readonly PublicJwk[],
  live: readonly Record<string, unknown>[],
  mode: SetMode,
  outOfDate?: (kid: string) => boolean,
): { drift: Drift; foreignKids: string[] } {
  // The first live key with a kid is that kid's key, as in diffKeySets; a repeat of it is someone else's.
  const liveByKid = new Map<string, Record<string, unknown>>();
  for (const k of live) if (typeof k.kid === "string" && !liveByKid.has(k.kid)) liveByKid.set(k.kid, k);
  const drift: Drift = { missing: [], changed: [], unexpected: [] };
  const matched = new Set<Record<string, unknown>>();
  for (const k of declared) {
    const l = liveByKid.get(k.kid);
    if (l) matched.add(l);
    if (!l) drift.missing.push(k.kid);
    else if (!sameKey(l, k) || outOfDate?.(k.kid)) drift.changed.push(k.kid);
  }
  const others = live.filter((k) => !matched.has(k)).map((k) => (typeof k.kid === "string" ? k.kid : "(no kid)"));
  if (mode === "exclusive") drift.unexpected.push(...others);
  return { drift, foreignKids: mode === "additive" ? others.sort() : [] };
}
