/**
 * Key material with jose: generate a key pair, import an existing private key (PEM or JWK), and describe it
 * (public JWK, RFC 7638 thumbprint). Pure functions: no Pulumi, no I/O. PEM forms: pem.ts.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7517 (JWK)
 * @see https://www.rfc-editor.org/rfc/rfc7638 (JWK thumbprint)
 */
import { createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, sign, verify, type JsonWebKey } from "node:crypto";
import { exportJWK, generateKeyPair, importJWK, type JWK } from "jose";
import { JwkKeyMaterialError } from "../errors";
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
  return { kty: jwk.kty, ...out } as JWK;
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
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]!));
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
 * Parses a private key given as PEM (PKCS#8, PKCS#1 or SEC1) or as a private JWK, and returns its bare JWK.
 * node:crypto parses PEM because jose reads PKCS#8 only, and teams often hold PKCS#1 `RSA PRIVATE KEY` files.
 * Error messages never quote the input: they end up in `pulumi preview` output, and the input is a secret.
 *
 * @example
 * parsePrivateKey({ pem: fs.readFileSync("key.pem", "utf8") }) // { kty: "RSA", n, e, d, p, q, dp, dq, qi }
 */
export function parsePrivateKey(source: { pem?: string | undefined; jwk?: unknown }): JWK {
  // Checked here because node's own type errors quote the first characters of the value (part of `d`).
  if (source.pem !== undefined && typeof source.pem !== "string")
    throw new JwkKeyMaterialError(`privateKeyPem must be a PEM string, not ${typeName(source.pem)}`);
  if (source.pem === undefined && (typeof source.jwk !== "object" || source.jwk === null || Array.isArray(source.jwk)))
    throw new JwkKeyMaterialError(`privateJwk must be a JWK object, not ${typeName(source.jwk)}`);
  let jwk: JWK;
  try {
    jwk =
      source.pem !== undefined
        ? (createPrivateKey({ key: source.pem, format: "pem" }).export({ format: "jwk" }) as JWK)
        : (createPrivateKey({ key: source.jwk as JsonWebKey, format: "jwk" }).export({ format: "jwk" }) as JWK);
  } catch (error) {
    const what = source.pem !== undefined ? "PEM" : "JWK";
    const cause = withoutInput(error, source.pem ?? source.jwk);
    throw new JwkKeyMaterialError(`malformed private key ${what}: ${cause.message}`, { cause });
  }
  const key = bareKey(jwk);
  assertHalvesMatch(key);
  return key;
}

/**
 * Proves that the private half belongs to the public members it came with: node loads a JWK whose `d` does
 * not match its `x`/`y` (or `n`/`e`), and publishing that public key would break every signature. Signs and
 * verifies a fixed message (X25519 cannot sign: it agrees on a secret with a throwaway key both ways).
 */
function assertHalvesMatch(jwk: JWK): void {
  const privateKey = createPrivateKey({ key: jwk as JsonWebKey, format: "jwk" });
  const publicKey = createPublicKey({ key: publicKeyMembers(jwk) as JsonWebKey, format: "jwk" });
  let matches: boolean;
  if (jwk.kty === "OKP" && jwk.crv === "X25519") {
    const other = generateKeyPairSync("x25519");
    matches = diffieHellman({ privateKey, publicKey: other.publicKey }).equals(diffieHellman({ privateKey: other.privateKey, publicKey }));
  } else {
    const digest = jwk.kty === "OKP" ? null : "sha256";
    const message = Buffer.from("pulumi-jwk: key pair check");
    matches = verify(digest, message, publicKey, sign(digest, message, privateKey));
  }
  if (!matches) throw new JwkKeyMaterialError("the private key does not belong to its public members (x/y or n/e)");
}

function typeName(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
}

/**
 * A copy of node's error that does not quote `input`. node quotes offending values ("Received 'abc...'", or
 * "abc... is not a supported JWK key type"), and a JWK member such as `crv` may hold anything, even `d`. The
 * original is not kept as `cause` because its message has that text.
 */
function withoutInput(error: unknown, input: unknown): Error {
  const original = error instanceof Error ? error : undefined;
  const code = (original as { code?: unknown } | undefined)?.code;
  let message = original ? original.message.replace(/\.?\s*Received\b[\s\S]*$/, "") : "unknown error";
  if (quotesAny(message, textsIn(input))) message = `node:crypto refused it (${typeof code === "string" ? code : "no error code"})`;
  const safe = new Error(message);
  safe.name = original?.name ?? "Error";
  return typeof code === "string" ? Object.assign(safe, { code }) : safe;
}

/** Every string and number in `value`, at any depth. */
function textsIn(value: unknown, seen = new Set<object>()): string[] {
  if (typeof value === "string") return [value];
  if (typeof value === "number" || typeof value === "bigint") return [String(value)];
  if (typeof value !== "object" || value === null || seen.has(value)) return [];
  seen.add(value);
  return Object.values(value).flatMap((v) => textsIn(v, seen));
}

/** Whether `message` holds 8 or more consecutive characters of one of `texts` (shorter values are no secret). */
function quotesAny(message: string, texts: readonly string[]): boolean {
  return texts.some((text) => {
    for (let i = 0; i + 8 <= text.length; i++) if (message.includes(text.slice(i, i + 8))) return true;
    return false;
  });
}

/** Checks that `jwk` is a key `alg` can use (jose refuses a wrong kty or curve). */
export async function assertKeyFitsAlg(jwk: JWK, alg: string): Promise<void> {
  try {
    await importJWK(jwk, alg);
  } catch (cause) {
    throw new JwkKeyMaterialError(`the key (kty ${jwk.kty}${jwk.crv ? `, crv ${jwk.crv}` : ""}) cannot be used with alg ${alg}`, { cause });
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
  const privateJwk: JWK = { ...privateKey, kid, alg: meta.alg, use: meta.use, ...(meta.keyOps ? { key_ops: meta.keyOps } : {}) };
  return {
    kid,
    kty,
    ...(privateKey.crv ? { crv: privateKey.crv } : {}),
    ...(kty === "RSA" ? { modulusLength: rsaModulusBits(privateKey.n!) } : {}),
    thumbprint,
    publicJwk,
    privateJwk,
  };
}
