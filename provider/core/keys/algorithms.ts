/**
 * The JWS and JWE key algorithms this package generates keys for, and what each implies for the key:
 * key type, allowed curves, `use`, the `key_ops` of each half, and the family whose change forces a new key.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7518#section-3.1 (JWS "alg" values)
 * @see https://www.rfc-editor.org/rfc/rfc7518#section-4.1 (JWE "alg" values)
 * @see https://www.rfc-editor.org/rfc/rfc8037 (OKP: Ed25519, X25519)
 */
export type KeyType = "RSA" | "EC" | "OKP";
export type KeyUse = "sig" | "enc";
export type Curve = "P-256" | "P-384" | "P-521" | "Ed25519" | "X25519";

export interface AlgorithmSpec {
  readonly alg: string;
  readonly kty: KeyType;
  /** Curves the key may be on; empty for RSA. The first is the default. */
  readonly curves: readonly Curve[];
  readonly use: KeyUse;
  /** Key reuse across families is unsafe, so moving between families replaces the key. */
  readonly family: string;
  /** `key_ops` allowed on the private and on the public half (RFC 7517 section 4.3). */
  readonly privateOps: readonly string[];
  readonly publicOps: readonly string[];
  /**
   * The operations a half's `key_ops` must all list for JOSE libraries to use it: jose checks `key_ops` for the
   * JOSE operation (wrapKey) and WebCrypto checks the key's usages for its own (encrypt). A half whose
   * `key_ops` leaves one out cannot be used for its alg at all.
   */
  readonly joseOps: { readonly private: readonly string[]; readonly public: readonly string[] };
}

const SIGN = { use: "sig", privateOps: ["sign"], publicOps: ["verify"], joseOps: { private: ["sign"], public: ["verify"] } } as const;
// JWE's RSA-OAEP encrypts the content key: RFC 7517 section 4.3 calls that wrapKey/unwrapKey (jose checks
// key_ops for it), WebCrypto calls it encrypt/decrypt (and checks the key's usages for that): a half needs both.
const RSA_WRAP = {
  use: "enc",
  privateOps: ["decrypt", "unwrapKey"],
  publicOps: ["encrypt", "wrapKey"],
  joseOps: { private: ["decrypt", "unwrapKey"], public: ["encrypt", "wrapKey"] },
} as const;
// ECDH-ES derives on both sides; the public half is the peer's input, so it carries no operation of its own.
// The Concat KDF runs over the agreed bits, so the private half needs deriveBits (deriveKey alone fails).
const DERIVE = {
  use: "enc",
  privateOps: ["deriveKey", "deriveBits"],
  publicOps: [],
  joseOps: { private: ["deriveBits"], public: [] },
} as const;
const ECDH_CURVES: readonly Curve[] = ["P-256", "P-384", "P-521", "X25519"];

const SPECS: readonly AlgorithmSpec[] = [
  ...["RS256", "RS384", "RS512"].map((alg) => ({ alg, kty: "RSA", curves: [], family: "RSASSA-PKCS1-v1_5", ...SIGN }) as const),
  ...["PS256", "PS384", "PS512"].map((alg) => ({ alg, kty: "RSA", curves: [], family: "RSASSA-PSS", ...SIGN }) as const),
  { alg: "ES256", kty: "EC", curves: ["P-256"], family: "ECDSA", ...SIGN },
  { alg: "ES384", kty: "EC", curves: ["P-384"], family: "ECDSA", ...SIGN },
  { alg: "ES512", kty: "EC", curves: ["P-521"], family: "ECDSA", ...SIGN },
  { alg: "EdDSA", kty: "OKP", curves: ["Ed25519"], family: "EdDSA", ...SIGN },
  { alg: "Ed25519", kty: "OKP", curves: ["Ed25519"], family: "EdDSA", ...SIGN },
  ...["RSA-OAEP", "RSA-OAEP-256", "RSA-OAEP-384", "RSA-OAEP-512"].map(
    (alg) => ({ alg, kty: "RSA", curves: [], family: "RSA-OAEP", ...RSA_WRAP }) as const,
  ),
  ...["ECDH-ES", "ECDH-ES+A128KW", "ECDH-ES+A192KW", "ECDH-ES+A256KW"].map(
    (alg) => ({ alg, kty: "EC", curves: ECDH_CURVES, family: "ECDH-ES", ...DERIVE }) as const,
  ),
];

const BY_ALG = new Map(SPECS.map((s) => [s.alg, s]));

/** Every supported `alg`, in a stable order (for error messages and docs). */
export const SUPPORTED_ALGORITHMS: readonly string[] = SPECS.map((s) => s.alg);

/** The `key_ops` values each `use` allows: RFC 7517 section 4.3 requires the two to agree when both are present. */
export const OPERATIONS_BY_USE: Readonly<Record<KeyUse, readonly string[]>> = {
  sig: ["sign", "verify"],
  enc: ["encrypt", "decrypt", "wrapKey", "unwrapKey", "deriveKey", "deriveBits"],
};

/** Curves whose keys have one use whatever the alg (RFC 8037 section 3): Ed25519 only signs, X25519 only agrees keys. */
export const USE_BY_CURVE: Readonly<Partial<Record<Curve, KeyUse>>> = { Ed25519: "sig", X25519: "enc" };

/** Octets in each coordinate (`x`, `y`) of a key on the curve: the full size, zero-padded (RFC 7518 section 6.2.1.2, RFC 8037 section 2). */
export const COORDINATE_OCTETS: Readonly<Record<Curve, number>> = { "P-256": 32, "P-384": 48, "P-521": 66, Ed25519: 32, X25519: 32 };

/** RSA moduli below this are refused (RFC 7518 section 3.3 requires 2048 bits or more). */
export const MIN_RSA_BITS = 2048;
export const MAX_RSA_BITS = 16384;

/**
 * Looks up an algorithm, or returns undefined for one we do not support.
 *
 * @example
 * algorithmSpec("ES256")?.curves // ["P-256"]
 */
export function algorithmSpec(alg: string): AlgorithmSpec | undefined {
  return BY_ALG.get(alg);
}

/**
 * The key type a key on `crv` has for this algorithm: ECDH-ES is `EC` on NIST curves and `OKP` on X25519.
 */
export function keyTypeFor(spec: AlgorithmSpec, crv: Curve | undefined): KeyType {
  return spec.family === "ECDH-ES" && crv === "X25519" ? "OKP" : spec.kty;
}
