/**
 * The JWK Set document: parse untrusted JSON into candidate keys, normalise vendor quirks, and serialise
 * deterministically (keys sorted by kid, members in a fixed order) so re-runs write byte-identical files.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7517#section-5
 */
import { JwksInvalidError } from "../../errors/input";
import { parseJsonText } from "../json-syntax";
import type { PublicJwk } from "../keys/material";

/** Members first in this order (the order RFC 7517 examples use); any other member follows, sorted. */
const MEMBER_ORDER = ["kty", "kid", "use", "key_ops", "alg", "crv", "n", "e", "x", "y", "x5u", "x5c", "x5t", "x5t#S256"];

/**
 * Drops members some servers send empty: one returns `"crv": ""` and `"x": null, "y": null` on RSA keys.
 * Empty and null members carry no meaning in a JWK, and keeping them would show as spurious drift.
 */
export function normaliseKey(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === null || v === undefined || v === "") continue;
    out[k] = v;
  }
  return out;
}

/** Orders a key's members canonically (does not copy nested arrays). */
export function orderMembers<T extends Record<string, unknown>>(key: T): T {
  const names = Object.keys(key);
  const known = MEMBER_ORDER.filter((m) => names.includes(m));
  const rest = names.filter((m) => !MEMBER_ORDER.includes(m)).sort();
  return Object.fromEntries([...known, ...rest].map((m) => [m, key[m]])) as T;
}

/** Sorts keys by kid (keys without one last, in their original order), each with canonical member order. */
export function canonicalKeys<T extends Record<string, unknown>>(keys: readonly T[]): T[] {
  const kidOf = (k: T) => (typeof k.kid === "string" ? k.kid : undefined);
  return [...keys]
    .map((k, i) => ({ k: orderMembers(k), i }))
    .sort((a, b) => {
      const ka = kidOf(a.k),
        kb = kidOf(b.k);
      if (ka === undefined || kb === undefined) return ka === kb ? a.i - b.i : ka === undefined ? 1 : -1;
      return ka < kb ? -1 : ka > kb ? 1 : a.i - b.i;
    })
    .map(({ k }) => k);
}

/**
 * Serialises a JWK Set: `{"keys": [...]}`, two-space indent, trailing newline.
 *
 * @example
 * serialiseJwks([{ kty: "OKP", crv: "Ed25519", x: "...", kid: "a" }])
 */
export function serialiseJwks(keys: readonly PublicJwk[]): string {
  return `${JSON.stringify({ keys: canonicalKeys(keys) }, null, 2)}\n`;
}

/**
 * Parses a JWK Set document from untrusted text into its entries as served (empty and null members kept:
 * inspection reports them). Each entry is a JSON object; nothing else is checked.
 */
export function parseJwksEntries(text: string, source: string): Record<string, unknown>[] {
  let doc: unknown;
  try {
    doc = parseJsonText(text);
  } catch (cause) {
    // The message gives the position, never the text: a file or response may hold what must not be printed.
    throw new JwksInvalidError([{ property: source, reason: (cause as Error).message }]);
  }
  if (typeof doc !== "object" || doc === null || !Array.isArray((doc as { keys?: unknown }).keys)) {
    throw new JwksInvalidError([{ property: source, reason: 'not a JWK Set: expected an object with a "keys" array' }]);
  }
  const keys = (doc as { keys: unknown[] }).keys;
  return keys.map((entry, i) => {
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      throw new JwksInvalidError([{ property: `${source}.keys[${i}]`, reason: "not a JSON object" }]);
    }
    return entry as Record<string, unknown>;
  });
}

/**
 * Parses a JWK Set document from untrusted text. Returns each entry normalised but not yet validated as a
 * public key: the caller decides whether a bad live entry is drift to repair or an error.
 */
export function parseJwks(text: string, source: string): Record<string, unknown>[] {
  return parseJwksEntries(text, source).map(normaliseKey);
}
