/**
 * What a served JWK Set says to the promotion decision: the kids it holds. Fetching it is the rotation
 * resource's business (resources/rotation/observe.ts, through the hardened fetcher); reading it is pure.
 */

/** The kids of a JWK Set document (`undefined` when it is not one); keys without a string kid are skipped. */
export function servedKids(doc: unknown): string[] | undefined {
  const keys = (doc as { keys?: unknown } | null)?.keys;
  if (typeof doc !== "object" || doc === null || !Array.isArray(keys)) return undefined;
  return keys.flatMap((k) => (typeof (k as { kid?: unknown })?.kid === "string" ? [(k as { kid: string }).kid] : []));
}
