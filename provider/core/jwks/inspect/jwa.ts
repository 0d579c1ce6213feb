/**
 * The registered JOSE algorithm names a JWK's `alg` may carry (IANA "JSON Web Signature and Encryption
 * Algorithms", JWS and JWE key algorithms), with the key type and `use` each implies. Wider than
 * keys/algorithms.ts, which lists only what this package generates: inspection judges keys others publish.
 *
 * @see https://www.iana.org/assignments/jose/jose.xhtml#web-signature-encryption-algorithms
 * @see https://www.rfc-editor.org/rfc/rfc7518#section-3.1 and section 4.1
 * @see https://www.rfc-editor.org/rfc/rfc8037 (OKP), https://www.rfc-editor.org/rfc/rfc8812 (ES256K)
 */

export interface RegisteredAlg {
  /** Key types the algorithm takes. */
  kty: readonly string[];
  /** Curves, where the algorithm fixes them. */
  crv?: readonly string[];
  use: "sig" | "enc";
}

const sig = (kty: string, crv?: string[]): RegisteredAlg => ({ kty: [kty], ...(crv ? { crv } : {}), use: "sig" });
const enc = (kty: string[], crv?: string[]): RegisteredAlg => ({ kty, ...(crv ? { crv } : {}), use: "enc" });

const REGISTRY: Record<string, RegisteredAlg> = {
  HS256: sig("oct"),
  HS384: sig("oct"),
  HS512: sig("oct"),
  RS256: sig("RSA"),
  RS384: sig("RSA"),
  RS512: sig("RSA"),
  PS256: sig("RSA"),
  PS384: sig("RSA"),
  PS512: sig("RSA"),
  ES256: sig("EC", ["P-256"]),
  ES384: sig("EC", ["P-384"]),
  ES512: sig("EC", ["P-521"]),
  ES256K: sig("EC", ["secp256k1"]),
  EdDSA: sig("OKP", ["Ed25519", "Ed448"]),
  Ed25519: sig("OKP", ["Ed25519"]),
  Ed448: sig("OKP", ["Ed448"]),
  RSA1_5: enc(["RSA"]),
  "RSA-OAEP": enc(["RSA"]),
  "RSA-OAEP-256": enc(["RSA"]),
  "RSA-OAEP-384": enc(["RSA"]),
  "RSA-OAEP-512": enc(["RSA"]),
  A128KW: enc(["oct"]),
  A192KW: enc(["oct"]),
  A256KW: enc(["oct"]),
  dir: enc(["oct"]),
  A128GCMKW: enc(["oct"]),
  A192GCMKW: enc(["oct"]),
  A256GCMKW: enc(["oct"]),
  "PBES2-HS256+A128KW": enc(["oct"]),
  "PBES2-HS384+A192KW": enc(["oct"]),
  "PBES2-HS512+A256KW": enc(["oct"]),
  ...Object.fromEntries(
    ["ECDH-ES", "ECDH-ES+A128KW", "ECDH-ES+A192KW", "ECDH-ES+A256KW"].map((a) => [
      a,
      enc(["EC", "OKP"], ["P-256", "P-384", "P-521", "X25519", "X448"]),
    ]),
  ),
};

/** The registry entry for `alg`, or undefined when the name is not registered (names are case-sensitive). */
export function registeredAlg(alg: string): RegisteredAlg | undefined {
  return Object.hasOwn(REGISTRY, alg) ? REGISTRY[alg] : undefined;
}

/** A registered name that `alg` was probably meant to be ("rs256", "RS-256", "ES256 "), if any. */
export function likelyAlg(alg: string): string | undefined {
  const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9+]/g, "");
  return Object.keys(REGISTRY).find((name) => squash(name) === squash(alg));
}
