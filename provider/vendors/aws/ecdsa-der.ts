/**
 * ECDSA signatures from DER (what AWS KMS's Sign returns: `SEQUENCE { INTEGER r, INTEGER s }`, X9.62) to JOSE's
 * fixed-size `r || s` (RFC 7518 section 3.4: each integer big-endian, left-padded to the curve's byte size: 32
 * for P-256, 48 for P-384, 66 for P-521). Pure.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7518#section-3.4
 */

/** Reads a DER length at `at`: the length and where the content starts, or undefined when malformed. */
function readLength(der: Uint8Array, at: number): { length: number; start: number } | undefined {
  const first = der[at];
  if (first === undefined) return undefined;
  if (first < 0x80) return { length: first, start: at + 1 };
  const count = first & 0x7f;
  if (count === 0 || count > 2 || at + 1 + count > der.length) return undefined;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + der[at + 1 + i];
  if (length < 0x80) return undefined; // not the shortest form
  return { length, start: at + 1 + count };
}

/** Reads one INTEGER at `at`, as its magnitude (leading zero bytes dropped), and where the next element starts. */
function readInteger(der: Uint8Array, at: number): { value: Uint8Array; next: number } | undefined {
  if (der[at] !== 0x02) return undefined;
  const len = readLength(der, at + 1);
  if (!len || len.length === 0 || len.start + len.length > der.length) return undefined;
  let value = der.subarray(len.start, len.start + len.length);
  if (value[0] & 0x80) return undefined; // negative: r and s are positive
  while (value.length > 1 && value[0] === 0) value = value.subarray(1);
  return { value, next: len.start + len.length };
}

/**
 * The JOSE `r || s` form of a DER ECDSA signature for a curve of `size` bytes per integer. Throws on a malformed
 * signature or an integer longer than the curve allows (a signature of another curve).
 */
export function derToJoseEcdsa(der: Uint8Array, size: number): Uint8Array {
  const malformed = (why: string): Error => new Error(`the ECDSA signature from KMS is not valid DER (${why})`);
  if (der[0] !== 0x30) throw malformed("no SEQUENCE");
  const seq = readLength(der, 1);
  if (!seq || seq.start + seq.length !== der.length) throw malformed("bad SEQUENCE length");
  const r = readInteger(der, seq.start);
  if (!r) throw malformed("bad r");
  const s = readInteger(der, r.next);
  if (!s) throw malformed("bad s");
  if (s.next !== der.length) throw malformed("bytes after s");
  const out = new Uint8Array(size * 2);
  for (const [i, part] of [r.value, s.value].entries()) {
    const magnitude = part.length === 1 && part[0] === 0 ? new Uint8Array(0) : part;
    if (magnitude.length > size)
      throw new Error(
        `the ECDSA signature from KMS has an integer of ${magnitude.length} bytes, more than the curve's ${size}: is the key of another curve?`,
      );
    out.set(magnitude, i * size + size - magnitude.length);
  }
  return out;
}
