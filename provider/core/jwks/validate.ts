/**
 * Validation of public JWKs and JWK Sets before anything is published: RFC 7517/7518 consistency
 * (kty, crv, alg, use, key_ops agree), keys node:crypto can load (points on the curve, full-size coordinates,
 * an odd RSA exponent >= 3), RSA >= 2048 bits, no private or symmetric material, unique kids, one kid per key.
 * Every problem is reported with its property path, not just the first.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7517#section-4
 * @see https://www.rfc-editor.org/rfc/rfc7518#section-6
 */
import { createPublicKey } from "node:crypto";
import type { JWK } from "jose";
import type { InputFailure } from "../../errors/input";
import {
  algorithmSpec,
  COORDINATE_OCTETS,
  keyTypeFor,
  MIN_RSA_BITS,
  OPERATIONS_BY_USE,
  USE_BY_CURVE,
  type Curve,
  type KeyUse,
} from "../keys/algorithms";
import { publicKeyMembers, rsaModulusBits, type PublicJwk } from "../keys/material";
import { jwkThumbprint } from "../keys/thumbprint";

/** Members that only a private or symmetric key has (RFC 7518 section 6.2.2, 6.3.2, 6.4). */
export const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"] as const;

const CURVES_BY_KTY: Record<string, readonly string[]> = { EC: ["P-256", "P-384", "P-521"], OKP: ["Ed25519", "X25519"] };
const B64URL = /^[A-Za-z0-9_-]+$/;

function b64(key: Record<string, unknown>, member: string, path: string, failures: InputFailure[]): void {
  const v = key[member];
  if (typeof v !== "string" || !B64URL.test(v)) failures.push({ property: `${path}.${member}`, reason: "required, a base64url string" });
}

/**
 * Everything wrong with one candidate public key, as `{property, reason}` pairs (empty when valid).
 *
 * @example
 * publicKeyFailures({ kty: "oct", k: "..." }, "keys[0]") // [{ property: "keys[0].k", reason: "private ..." }, ...]
 */
export function publicKeyFailures(value: unknown, path: string): InputFailure[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [{ property: path, reason: "must be a JWK object" }];
  const key = value as Record<string, unknown>;
  const failures: InputFailure[] = [];
  for (const m of PRIVATE_MEMBERS) {
    if (key[m] !== undefined)
      failures.push({ property: `${path}.${m}`, reason: "private or symmetric key member: only public keys may be published" });
  }
  if (typeof key.kid !== "string" || key.kid.length === 0)
    failures.push({ property: `${path}.kid`, reason: "required, a non-empty string" });
  failures.push(...keyMemberFailures(key, path));
  failures.push(...algorithmFailures(key, path));
  return failures;
}

/**
 * kty and the key members: well-formed first, then loaded by node:crypto, which checks the point is on the curve.
 * Inspection passes `checkSize: false` and reports a short RSA modulus under a code of its own.
 */
export function keyMemberFailures(key: Record<string, unknown>, path: string, checkSize = true): InputFailure[] {
  const failures: InputFailure[] = [];
  const kty = key.kty;
  if (kty === "RSA") {
    b64(key, "n", path, failures);
    b64(key, "e", path, failures);
    if (failures.length > 0) return failures;
    // RFC 7518 section 6.3.1: minimal octets. A padded n would also give the same key a second thumbprint.
    for (const m of ["n", "e"]) {
      if (Buffer.from(key[m] as string, "base64url")[0] === 0)
        failures.push({ property: `${path}.${m}`, reason: "must not start with a zero octet (RFC 7518 section 6.3.1)" });
    }
    const bits = rsaModulusBits(key.n as string);
    if (checkSize && bits < MIN_RSA_BITS)
      failures.push({ property: `${path}.n`, reason: `RSA modulus is ${bits} bits; at least ${MIN_RSA_BITS} are required` });
    // node loads e = 1 (no encryption at all) and even exponents; RSA needs an odd e of at least 3.
    const e = unsignedInt(key.e as string);
    if (e < 3n || e % 2n === 0n)
      failures.push({
        property: `${path}.e`,
        reason: `RSA public exponent must be odd and at least 3; got ${e < 3n ? e : "an even number"}`,
      });
  } else if (kty === "EC" || kty === "OKP") {
    if (typeof key.crv !== "string" || !CURVES_BY_KTY[kty].includes(key.crv)) {
      failures.push({ property: `${path}.crv`, reason: `must be one of ${CURVES_BY_KTY[kty].join(", ")} for kty ${kty}` });
    }
    b64(key, "x", path, failures);
    if (kty === "EC") b64(key, "y", path, failures);
    if (failures.length > 0) return failures;
    // node accepts a P-256 coordinate with a leading zero octet (33 octets); RFC 7518 wants exactly the curve's size.
    const octets = COORDINATE_OCTETS[key.crv as Curve];
    for (const m of kty === "EC" ? ["x", "y"] : ["x"]) {
      const length = Buffer.from(key[m] as string, "base64url").length;
      if (length !== octets)
        failures.push({
          property: `${path}.${m}`,
          reason: `must be ${octets} octets for ${String(key.crv)} (RFC 7518 section 6.2.1.2), got ${length}`,
        });
    }
  } else if (kty === "oct") {
    return [{ property: `${path}.kty`, reason: "symmetric keys (oct) must never be published" }];
  } else {
    return [{ property: `${path}.kty`, reason: "must be RSA, EC or OKP" }];
  }
  if (failures.length > 0) return failures;
  try {
    createPublicKey({ key: publicKeyMembers(key), format: "jwk" });
  } catch (cause) {
    failures.push({ property: path, reason: `not a valid ${String(kty)} public key (${(cause as Error).message})` });
  }
  return failures;
}

/** A base64url big-endian unsigned integer (RFC 7518 section 2, Base64urlUInt). */
function unsignedInt(value: string): bigint {
  const hex = Buffer.from(value, "base64url").toString("hex");
  return hex.length === 0 ? 0n : BigInt(`0x${hex}`);
}

/** alg, use and key_ops must agree with each other and with kty/crv. */
function algorithmFailures(key: Record<string, unknown>, path: string): InputFailure[] {
  const failures: InputFailure[] = [];
  const use = key.use === "sig" || key.use === "enc" ? key.use : undefined;
  if (key.use !== undefined && use === undefined) failures.push({ property: `${path}.use`, reason: 'must be "sig" or "enc"' });
  let ops: string[] | undefined;
  if (key.key_ops !== undefined && (!Array.isArray(key.key_ops) || key.key_ops.some((op) => typeof op !== "string"))) {
    failures.push({ property: `${path}.key_ops`, reason: "must be an array of strings" });
  } else if (key.key_ops !== undefined) {
    const listed = key.key_ops as string[];
    ops = listed;
    for (const op of new Set(listed.filter((op, i) => listed.indexOf(op) !== i)))
      failures.push({ property: `${path}.key_ops`, reason: `"${op}" is listed more than once; RFC 7517 section 4.3 forbids duplicates` });
  }
  // Without a (supported) alg, use and key_ops must still agree with each other and with the curve.
  if (key.alg === undefined) return [...failures, ...useFailures(key.crv, use, ops, path)];
  const spec = typeof key.alg === "string" ? algorithmSpec(key.alg) : undefined;
  if (!spec)
    return [
      ...failures,
      { property: `${path}.alg`, reason: `unsupported alg ${JSON.stringify(key.alg)}` },
      ...useFailures(key.crv, use, ops, path),
    ];
  const crv = typeof key.crv === "string" ? (key.crv as Curve) : undefined;
  const kty = keyTypeFor(spec, crv);
  if (key.kty !== kty) failures.push({ property: `${path}.alg`, reason: `alg ${spec.alg} needs kty ${kty}, not ${String(key.kty)}` });
  else if (spec.curves.length > 0 && (crv === undefined || !spec.curves.includes(crv))) {
    failures.push({ property: `${path}.crv`, reason: `alg ${spec.alg} needs crv ${spec.curves.join(" or ")}, not ${String(key.crv)}` });
  }
  if (key.use !== undefined && key.use !== spec.use) {
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- quotes whatever JSON value `use` holds, as before
    failures.push({ property: `${path}.use`, reason: `alg ${spec.alg} is for use "${spec.use}", not "${String(key.use)}"` });
  }
  if (Array.isArray(key.key_ops)) {
    const allowed = [...spec.publicOps, ...spec.privateOps];
    for (const op of key.key_ops as unknown[]) {
      if (typeof op !== "string" || !allowed.includes(op))
        failures.push({
          property: `${path}.key_ops`,
          reason: `"${String(op)}" is not an operation of alg ${spec.alg} (allowed: ${allowed.join(", ")})`,
        });
    }
  }
  return failures;
}

/**
 * RFC 7517 section 4.3 and RFC 8037 rules that hold whatever the alg: key_ops agree with use, and an Ed25519 key
 * signs while an X25519 key only agrees keys. (With a supported alg, its own stricter rules cover these.)
 */
function useFailures(crv: unknown, use: KeyUse | undefined, ops: readonly string[] | undefined, path: string): InputFailure[] {
  const failures: InputFailure[] = [];
  const curveUse = typeof crv === "string" ? USE_BY_CURVE[crv as Curve] : undefined;
  if (use !== undefined && curveUse !== undefined && use !== curveUse)
    failures.push({ property: `${path}.use`, reason: `a ${String(crv)} key is for use "${curveUse}" only, not "${use}"` });
  const effective = use ?? curveUse;
  if (ops === undefined || effective === undefined) return failures;
  const allowed = OPERATIONS_BY_USE[effective];
  for (const op of new Set(ops)) {
    if (!allowed.includes(op))
      failures.push({
        property: `${path}.key_ops`,
        reason: `"${op}" does not agree with ${use !== undefined ? `use "${use}"` : `a ${String(crv)} key`} (allowed: ${allowed.join(", ")})`,
      });
  }
  return failures;
}

/** RFC 7638 SHA-256 thumbprint of a (public or private) key; synchronous (node:crypto), see keys/thumbprint.ts. */
export function thumbprintOf(key: PublicJwk | JWK): string {
  return jwkThumbprint(key);
}

/**
 * Everything wrong with a set of keys to publish: each key, then kids that repeat and keys that appear
 * under two kids (same RFC 7638 thumbprint).
 */
export async function keySetFailures(keys: readonly unknown[], path: string): Promise<InputFailure[]> {
  const failures = keys.flatMap((k, i) => publicKeyFailures(k, `${path}[${i}]`));
  if (failures.length > 0) return failures;
  const byKid = new Map<string, number>();
  const byThumbprint = new Map<string, number>();
  for (const [i, k] of (keys as PublicJwk[]).entries()) {
    const first = byKid.get(k.kid);
    if (first !== undefined)
      failures.push({ property: `${path}[${i}].kid`, reason: `duplicate kid "${k.kid}" (also at ${path}[${first}])` });
    else byKid.set(k.kid, i);
    const tp = thumbprintOf(k);
    const same = byThumbprint.get(tp);
    if (same !== undefined)
      failures.push({ property: `${path}[${i}]`, reason: `same key as ${path}[${same}] under another kid (thumbprint ${tp})` });
    else byThumbprint.set(tp, i);
  }
  return failures;
}
