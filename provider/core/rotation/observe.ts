/**
 * What a served JWK Set says about the rotation: the kids it lists, to decide whether a next key may be
 * promoted. Pure; the resource fetches the document (resources/rotation/observe.ts).
 */

/** The kids of a JWK Set document (`undefined` when it is not one); keys without a string kid are skipped. */
export function servedKids(doc: unknown): string[] | undefined {
  const keys = (doc as { keys?: unknown } | null)?.keys;
  if (typeof doc !== "object" || doc === null || !Array.isArray(keys)) return undefined;
  return keys.flatMap((k) => (typeof (k as { kid?: unknown })?.kid === "string" ? [(k as { kid: string }).kid] : []));
}
