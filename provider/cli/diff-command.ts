/**
 * `pulumi-jwk diff <desired> <live>`: by kid and RFC 7638 thumbprint, what the live set would need to become the
 * desired one: keys added (desired only), removed (live only), changed (same kid, other content) and
 * relabelled (same key under another kid). The diff itself is the one every target uses (jwks/diff.ts, exclusive
 * mode); this module only checks the desired side can be diffed and renders the result.
 */
import { isDeepStrictEqual } from "node:util";
import { normaliseKey } from "../core/jwks/document";
import { diffKeySets } from "../core/jwks/diff";
import type { PublicJwk } from "../core/keys/material";
import { jwkThumbprint } from "../core/keys/thumbprint";
import { JwksSourceError } from "../errors";
import { renderTable } from "./table";

export interface SetDifference {
  added: { kid: string; thumbprint: string }[];
  removed: { kid: string | null; thumbprint: string | null }[];
  /** Same kid, other content; `members` names what differs (`n`, `alg`, ...). */
  changed: { kid: string; thumbprint: string; members: string[] }[];
  relabelled: { from: string | null; to: string; thumbprint: string }[];
  unchanged: string[];
}

function thumbprintOrNull(k: Record<string, unknown>): string | null {
  try {
    return jwkThumbprint(k);
  } catch {
    return null;
  }
}

/** The desired side must name each key once and hold keys with a thumbprint; the live side may be anything. */
function assertDiffable(source: string, keys: readonly Record<string, unknown>[]): asserts keys is PublicJwk[] {
  const seen = new Set<string>();
  keys.forEach((k, i) => {
    if (typeof k.kid !== "string" || k.kid.length === 0)
      throw new JwksSourceError(`${source}: keys[${i}] has no kid; a desired key needs one`);
    if (seen.has(k.kid)) throw new JwksSourceError(`${source}: kid "${k.kid}" appears twice; a desired set names each key once`);
    seen.add(k.kid);
    if (thumbprintOrNull(k) === null)
      throw new JwksSourceError(`${source}: keys[${i}] ("${k.kid}") is not an RSA, EC or OKP key with its members`);
  });
}

/**
 * The difference between two sets, as read (entries are normalised first, as targets do).
 *
 * @example
 * setDifference("desired.json", desired, live).added // [{ kid: "2026-11", thumbprint: "..." }]
 */
export function setDifference(
  desiredSource: string,
  desiredEntries: readonly Record<string, unknown>[],
  liveEntries: readonly Record<string, unknown>[],
): SetDifference {
  const desired = desiredEntries.map(normaliseKey);
  assertDiffable(desiredSource, desired);
  const d = diffKeySets(desired, liveEntries.map(normaliseKey), { mode: "exclusive", owned: [] });
  const kidOf = (k: Record<string, unknown>) => (typeof k.kid === "string" ? k.kid : null);
  return {
    added: d.add.map((k) => ({ kid: k.kid, thumbprint: jwkThumbprint(k) })),
    removed: d.remove.map((k) => ({ kid: kidOf(k), thumbprint: thumbprintOrNull(k) })),
    changed: d.change.map(({ from, to }) => ({
      kid: to.kid,
      thumbprint: jwkThumbprint(to),
      members: [...new Set([...Object.keys(from), ...Object.keys(to)])].filter((m) => !isDeepStrictEqual(from[m], to[m])).sort(),
    })),
    relabelled: d.relabel.map(({ from, to }) => ({ from: kidOf(from), to: to.kid, thumbprint: jwkThumbprint(to) })),
    unchanged: [...d.unchanged].sort(),
  };
}

export function hasDifference(d: SetDifference): boolean {
  return d.added.length + d.removed.length + d.changed.length + d.relabelled.length > 0;
}

/** The readable form: one row per difference, then a count. */
export function differenceTable(desired: string, live: string, d: SetDifference): string {
  const rows = [
    ...d.added.map((a) => ["added", a.kid, a.thumbprint, "in desired only"]),
    ...d.removed.map((r) => ["removed", r.kid ?? "(no kid)", r.thumbprint ?? "-", "in live only"]),
    ...d.changed.map((c) => ["changed", c.kid, c.thumbprint, `differs in ${c.members.join(", ")}`]),
    ...d.relabelled.map((r) => ["relabelled", r.to, r.thumbprint, `live under kid "${r.from ?? "(no kid)"}"`]),
  ];
  const head = `desired ${desired}\nlive    ${live}\n`;
  if (rows.length === 0) return `${head}\nno difference (${d.unchanged.length} key(s) the same)\n`;
  const summary = `${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed, ${d.relabelled.length} relabelled, ${d.unchanged.length} unchanged`;
  return `${head}\n${renderTable(["", "KID", "THUMBPRINT", ""], rows)}\n\n${summary}\n`;
}

export function differenceJson(desired: string, live: string, d: SetDifference): string {
  return `${JSON.stringify({ desired, live, ...d }, null, 2)}\n`;
}
