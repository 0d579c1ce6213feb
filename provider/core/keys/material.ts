/**
 * Key material with jose: generate a key pair and describe it (public JWK, RFC 7638 thumbprint; PEM forms: pem.ts).
 * Importing an existing key lives in import.ts, keeping secrets out of messages in redact.ts. Pure functions:
 * no Pulumi, no I/O.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7517 (JWK)
 * @see https://www.rfc-editor.org/rfc/rfc7638 (JWK thumbprint)
 */
import { exportJWK, generateKeyPair, type JWK } from "jose";
import { JwkKeyMaterialError } from "../../errors/input";
import { algorithmSpec, type Curve, type KeyUse } from "./algorithms";
import { jwkThumbprint } from "./thumbprint";

/** Members that make up the key itself (no metadata), per RFC 7518 section 6 and RFC 8037: of the public key... */
const PUBLIC_MEMBERS = { RSA: ["n", "e"], EC: ["crv", "x", "y"], OKP: ["crv", "x"] } as const;
/** ...and of the whole (private) key. */
const KEY_MEMBERS = { RSA: ["n", "e", "d", "p", "q", "dp", "dq", "qi"], EC: ["crv", "x", "y", "d"], OKP: ["crv", "x", "d"] } as const;

/** A public JWK as we publish it: key members plus metadata, never a private member. */
export interface PublicJwk {
  kty: string;
  kid: string;
  alg?: string;
  use?: string;
  key_ops?: string[];
  crv?: string;
  x?: string;
  y?: string;
  n?: string;
  e?: string;
  [member: string]: unknown;
}

/** What to generate: the algorithm, and the curve or RSA size where the algorithm leaves a choice. */
export interface KeyShape {
  alg: string;
  crv?: Curve | undefined;
  modulusLength?: number | undefined;
}

/** Metadata carried by the published key; none of it changes the key material. */
export interface KeyMetadata {
  alg: string;
  use: KeyUse;
  keyOps?: string[] | undefined;
  /** Explicit kid; the RFC 7638 thumbprint when absent. */
  kid?: string | undefined;
}

/** Everything a `Jwk` exposes about one key. The private parts must only ever leave as secrets. */
export interface DescribedKey {
  kid: string;
  kty: string;
  crv?: string;
  modulusLength?: number;
  thumbprint: string;
  publicJwk: PublicJwk;
  privateJwk: JWK;
}

function pick(jwk: JWK, members: readonly string[]): JWK {
  const out: Record<string, unknown> = {};
  for (const m of members) if ((jwk as Record<string, unknown>)[m] !== undefined) out[m] = (jwk as Record<string, unknown>)[m];
  return { kty: jwk.kty, ...out };
}

/** The bare private key members of a JWK (drops kid, alg, use, key_ops, x5c, ...). */
export function bareKey(jwk: JWK): JWK {
  const kty = jwk.kty as keyof typeof KEY_MEMBERS;
  if (!(kty in KEY_MEMBERS)) throw new JwkKeyMaterialError(`unsupported key type ${JSON.stringify(jwk.kty)}: expected RSA, EC or OKP`);
  return pick(jwk, KEY_MEMBERS[kty]);
}

/**
 * The public key members of a JWK (kty with n and e, or crv, x and y), without metadata or private members.
 *
 * @example
 * publicKeyMembers({ kty: "OKP", crv: "Ed25519", x, d, kid: "a" }) // { kty: "OKP", crv: "Ed25519", x }
 */
export function publicKeyMembers(jwk: JWK): JWK {
  const kty = jwk.kty as keyof typeof PUBLIC_MEMBERS;
  if (!(kty in PUBLIC_MEMBERS)) throw new JwkKeyMaterialError(`unsupported key type ${JSON.stringify(jwk.kty)}: expected RSA, EC or OKP`);
  return pick(jwk, PUBLIC_MEMBERS[kty]);
}

/** RSA modulus size in bits, from the base64url `n`. */
export function rsaModulusBits(n: string): number {
  const bytes = Buffer.from(n, "base64url");
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]));
}

/**
 * Generates a new extractable key pair for `shape` and returns its bare private JWK.
 *
 * @example
 * const jwk = await generateKey({ alg: "ES256" }) // { kty: "EC", crv: "P-256", x, y, d }
 */
export async function generateKey(shape: KeyShape): Promise<JWK> {
  const spec = algorithmSpec(shape.alg);
  if (!spec) throw new JwkKeyMaterialError(`unsupported alg ${JSON.stringify(shape.alg)}`);
  const crv = shape.crv ?? spec.curves[0];
  const options = {
    extractable: true,
    ...(spec.kty === "RSA" ? { modulusLength: shape.modulusLength ?? 2048 } : {}),
    ...(crv !== undefined ? { crv } : {}),
  };
  try {
    const { privateKey } = await generateKeyPair(shape.alg, options);
    return bareKey(await exportJWK(privateKey));
  } catch (cause) {
    throw new JwkKeyMaterialError(`cannot generate a ${shape.alg} key: ${(cause as Error).message}`, { cause });
  }
}

/**
 * Describes a bare private key with its metadata: public and private JWK, thumbprint, kid.
 *
 * @example
 * const d = await describeKey(await generateKey({ alg: "EdDSA" }), { alg: "EdDSA", use: "sig" })
 * d.kid === d.thumbprint // true: the RFC 7638 thumbprint is the default kid
 */
export async function describeKey(privateKey: JWK, meta: KeyMetadata): Promise<DescribedKey> {
  const spec = algorithmSpec(meta.alg);
  if (!spec) throw new JwkKeyMaterialError(`unsupported alg ${JSON.stringify(meta.alg)}`);
  const kty = privateKey.kty as keyof typeof PUBLIC_MEMBERS;
  const thumbprint = jwkThumbprint(privateKey);
  const kid = meta.kid ?? thumbprint;
  const publicOps = meta.keyOps?.filter((op) => spec.publicOps.includes(op));
  const publicJwk: PublicJwk = {
    ...(publicKeyMembers(privateKey) as PublicJwk),
    kid,
    alg: meta.alg,
    use: meta.use,
    ...(publicOps && publicOps.length > 0 ? { key_ops: publicOps } : {}),
  };
  // Each half carries only its own operations: WebCrypto (and so jose's importJWK) refuses a private key
  // whose key_ops include "verify", and a published key may only be used publicly (RFC 7517 section 4.3).
  const privateOps = meta.keyOps?.filter((op) => spec.privateOps.includes(op));
  const privateJwk: JWK = {
    ...privateKey,
    kid,
    alg: meta.alg,
    use: meta.use,
    ...(privateOps && privateOps.length > 0 ? { key_ops: privateOps } : {}),
  };
  return {
    kid,
    kty,
    ...(privateKey.crv ? { crv: privateKey.crv } : {}),
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- an RSA private JWK has n (RFC 7518 section 6.3.1)
    ...(kty === "RSA" ? { modulusLength: rsaModulusBits(privateKey.n!) } : {}),
    thumbprint,
    publicJwk,
    privateJwk,
  };
}
