/**
 * Time-based UUIDs (RFC 9562 version 1): the 60-bit timestamp they carry, in 100 ns ticks since the Gregorian
 * reform (1582-10-15). Some servers name the keys of a key rotation policy with such UUIDs, so a kid tells when its
 * key was made, and the newest key of a policy is its NEXT key (the one a rotation promotes).
 *
 * @example
 * uuidV1Ticks("c232ab00-9414-11ec-b3c8-9f6bdeced846"); // 138648505420000000n (2022-02-22T19:22:22Z)
 * @see https://www.rfc-editor.org/rfc/rfc9562#section-5.1
 */

/** 100 ns ticks between 1582-10-15T00:00Z and the Unix epoch. */
const GREGORIAN_OFFSET = 122_192_928_000_000_000n;
const UUID_V1 = /^([0-9a-f]{8})-([0-9a-f]{4})-1([0-9a-f]{3})-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** The timestamp of a version 1 UUID in 100 ns ticks since 1582-10-15, or undefined when `value` is not one. */
export function uuidV1Ticks(value: string): bigint | undefined {
  const m = UUID_V1.exec(value);
  if (!m) return undefined;
  // The field order is low, mid, high; the timestamp reads high, mid, low.
  return BigInt(`0x${m[3]}${m[2]}${m[1]}`);
}

/** The moment a version 1 UUID was made (millisecond precision), or undefined when `value` is not one. */
export function uuidV1Date(value: string): Date | undefined {
  const ticks = uuidV1Ticks(value);
  return ticks === undefined ? undefined : new Date(Number((ticks - GREGORIAN_OFFSET) / 10_000n));
}

/**
 * A version 1 UUID for `ticks` (100 ns since 1582-10-15), a 14-bit clock sequence and a 48-bit node, as hex.
 * Used by an emulator to name the keys it generates.
 */
export function formatUuidV1(ticks: bigint, clockSeq: number, node: string): string {
  if (!/^[0-9a-f]{12}$/i.test(node)) throw new TypeError(`node must be 12 hex digits, got ${JSON.stringify(node)}`);
  const hex = ticks.toString(16).padStart(15, "0");
  if (hex.length > 15) throw new RangeError("timestamp does not fit 60 bits");
  const seq = (0x8000 | (clockSeq & 0x3fff)).toString(16);
  return `${hex.slice(7)}-${hex.slice(3, 7)}-1${hex.slice(0, 3)}-${seq}-${node.toLowerCase()}`;
}

/** The 100 ns tick count of a moment (Unix ms), for `formatUuidV1`. */
export function ticksOf(unixMs: number): bigint {
  return BigInt(unixMs) * 10_000n + GREGORIAN_OFFSET;
}

/** Orders two version 1 UUIDs by their time (older first); a non-v1 value sorts before every v1. */
export function compareUuidV1(a: string, b: string): number {
  const ta = uuidV1Ticks(a) ?? -1n;
  const tb = uuidV1Ticks(b) ?? -1n;
  return ta < tb ? -1 : ta > tb ? 1 : a < b ? -1 : a > b ? 1 : 0;
}
