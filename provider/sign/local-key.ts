/**
 * Signing with a private JWK held by the application itself (not in custody): node:crypto, the JWA algorithms
 * RFC 7518 section 3 and RFC 8037 define for signatures. ECDSA is asked in IEEE P1363 form (r||s, what JWS
 * wants); RSASSA-PSS uses a salt as long as the hash (RFC 7518 section 3.5). The key is checked against the
 * algorithm before anything is signed; no message ever quotes a key member.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7518#section-3
 * @see https://www.rfc-editor.org/rfc/rfc8037#section-3.1
 */
import { constants, createPrivateKey, sign, type KeyObject, type SignKeyObjectInput } from "node:crypto";
import { JwkInputError } from "../errors";

interface LocalAlgorithm {
  kty: "RSA" | "EC" | "OKP";
  /** The curves (EC, OKP) a key must be on. */
  crv?: readonly string[];
  /** The digest node:crypto applies (null for EdDSA, which hashes inside). */
  hash: string | null;
  pss?: boolean;
}

const ALGORITHMS: Readonly<Record<string, LocalAlgorithm>> = {
  RS256: { kty: "RSA", hash: "sha256" },
  RS384: { kty: "RSA", hash: "sha384" },
  RS512: { kty: "RSA", hash: "sha512" },
  PS256: { kty: "RSA", hash: "sha256", pss: true },
  PS384: { kty: "RSA", hash: "sha384", pss: true },
  PS512: { kty: "RSA", hash: "sha512", pss: true },
  ES256: { kty: "EC", crv: ["P-256"], hash: "sha256" },
  ES384: { kty: "EC", crv: ["P-384"], hash: "sha384" },
  ES512: { kty: "EC", crv: ["P-521"], hash: "sha512" },
  EdDSA: { kty: "OKP", crv: ["Ed25519", "Ed448"], hash: null },
  Ed25519: { kty: "OKP", crv: ["Ed25519"], hash: null },
};

/** JWA signature algorithms a private JWK can sign with here. */
export const LOCAL_ALGORITHMS = Object.keys(ALGORITHMS);

/** RFC 7518 section 3.3 and 3.5: an RSA key for RS* and PS* has at least 2048 bits. */
const MIN_RSA_BITS = 2048;

/** A signing function for `privateJwk` and `alg`, or the input error saying why the key cannot serve it. */
export function localSigner(privateJwk: unknown, alg: string): (data: Uint8Array) => Uint8Array {
  const spec = ALGORITHMS[alg];
  if (!spec) throw new JwkInputError([{ property: "alg", reason: `a private JWK signs ${LOCAL_ALGORITHMS.join(", ")}, not "${alg}"` }]);
  if (typeof privateJwk !== "object" || privateJwk === null || Array.isArray(privateJwk))
    throw new JwkInputError([{ property: "privateJwk", reason: "must be a JWK object" }]);
  const jwk = privateJwk as Record<string, unknown>;
  if (typeof jwk.d !== "string") throw new JwkInputError([{ property: "privateJwk", reason: "is not a private key (no d member)" }]);
  if (typeof jwk.alg === "string" && jwk.alg !== alg)
    throw new JwkInputError([{ property: "alg", reason: `the private JWK is for ${jwk.alg}, not ${alg}` }]);
  const kty = typeof jwk.kty === "string" ? jwk.kty : "?";
  const crv = typeof jwk.crv === "string" ? jwk.crv : undefined;
  if (kty !== spec.kty || (spec.crv && !spec.crv.includes(crv ?? "")))
    throw new JwkInputError([
      {
        property: "privateJwk",
        reason: `is a ${kty}${crv === undefined ? "" : ` ${crv}`} key; ${alg} needs ${spec.kty}${spec.crv ? ` ${spec.crv.join(" or ")}` : ""}`,
      },
    ]);
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: jwk, format: "jwk" });
  } catch {
    // Node's message is about key material: not passed on.
    throw new JwkInputError([{ property: "privateJwk", reason: `does not load as a ${spec.kty} private key` }]);
  }
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (spec.kty === "RSA" && bits !== undefined && bits < MIN_RSA_BITS)
    throw new JwkInputError([{ property: "privateJwk", reason: `the RSA key has ${bits} bits; ${alg} needs at least ${MIN_RSA_BITS}` }]);
  const input: SignKeyObjectInput = { key };
  if (spec.kty === "EC") input.dsaEncoding = "ieee-p1363";
  if (spec.pss) {
    input.padding = constants.RSA_PKCS1_PSS_PADDING;
    input.saltLength = constants.RSA_PSS_SALTLEN_DIGEST;
  }
  return (data) => new Uint8Array(sign(spec.hash, data, input));
}
