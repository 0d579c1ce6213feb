/**
 * Signature formats shared by the custody backends: KMS and HSM APIs often return an ECDSA signature as an
 * ASN.1 DER `SEQUENCE { INTEGER r, INTEGER s }`, while JWS (RFC 7518 section 3.4) wants the fixed-width
 * concatenation r||s, each as many octets as the curve's order.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7518#section-3.4
 */

/** Octets of r and of s in a JOSE ECDSA signature, by JWA algorithm. */
export const ECDSA_OCTETS: Readonly<Record<string, number>> = { ES256: 32, ES384: 48, ES512: 66 };

function readLength(der: Uint8Array, at: number): { length: number; next: number } {
  const first = der[at];
  if (first === undefined) throw new Error("truncated DER length");
  if (first < 0x80) return { length: first, next: at + 1 };
  const count = first & 0x7f;
  if (count === 0 || count > 2) throw new Error("unsupported DER length");
  let length = 0;
  for (let i = 1; i <= count; i++) {
    const b = der[at + i];
    if (b === undefined) throw new Error("truncated DER length");
    length = length * 256 + b;
  }
  return { length, next: at + 1 + count };
}

function readInteger(der: Uint8Array, at: number, octets: number): { value: Uint8Array; next: number } {
  if (der[at] !== 0x02) throw new Error("expected a DER INTEGER");
  const { length, next } = readLength(der, at + 1);
  if (next + length > der.length) throw new Error("truncated DER INTEGER");
  // r and s are positive: a first content octet with its high bit set is a negative INTEGER, not a signature.
  if (length === 0 || (der[next] ?? 0) & 0x80) throw new Error("not a positive DER INTEGER");
  let bytes = der.subarray(next, next + length);
  while (bytes.length > 0 && bytes[0] === 0) bytes = bytes.subarray(1); // sign octet and leading zeros
  if (bytes.length > octets) throw new Error(`DER INTEGER longer than ${octets} octets`);
  const value = new Uint8Array(octets);
  value.set(bytes, octets - bytes.length);
  return { value, next: next + length };
}

/**
 * The JOSE form (r||s, `octets` each) of a DER ECDSA signature.
 *
 * @example
 * derToJose(der, ECDSA_OCTETS.ES256) // 64 bytes
 */
export function derToJose(der: Uint8Array, octets: number): Uint8Array {
  if (der[0] !== 0x30) throw new Error("not a DER ECDSA signature (no SEQUENCE)");
  const { length, next } = readLength(der, 1);
  if (next + length !== der.length) throw new Error("DER ECDSA signature has a wrong length");
  const r = readInteger(der, next, octets);
  const s = readInteger(der, r.next, octets);
  if (s.next !== der.length) throw new Error("DER ECDSA signature has trailing bytes");
  const out = new Uint8Array(octets * 2);
  out.set(r.value, 0);
  out.set(s.value, octets);
  return out;
}
