/**
 * Key pairs as PKCS#11 objects: finding them by label (and id), generating them (the private half sensitive,
 * not extractable, on the token), reading the public half into a JWK, and the signing mechanism of each JWA
 * algorithm. Works on a logged-in session (session.ts).
 *
 * Signing: ECDSA goes through `CKM_ECDSA` on a digest computed here (Debian's SoftHSM 2.6 has no
 * `CKM_ECDSA_SHA256`), and PKCS#11 returns r||s, each as long as the curve's order: the JOSE form already (a DER
 * answer, which some modules give, is converted). RSA goes through the hash-and-sign mechanisms
 * (`CKM_SHA256_RSA_PKCS`, `CKM_SHA256_RSA_PKCS_PSS` with a salt as long as the hash, RFC 7518 section 3.5).
 *
 * @see https://docs.oasis-open.org/pkcs11/pkcs11-curr/v2.40/os/pkcs11-curr-v2.40-os.html#_Toc416959988
 */
import { createHash, createPublicKey, randomBytes } from "node:crypto";
import type * as Pkcs11js from "pkcs11js";
import { derToJose, ECDSA_OCTETS } from "../signature";
import type { PublicJwk } from "../../core/keys/material";
import { jwkThumbprint } from "../../core/keys/thumbprint";
import type { Pkcs11Session } from "./session";
import type { Pkcs11Algorithm } from "./uri";

/** DER of each curve's OID, as CKA_EC_PARAMS holds it. */
const CURVE_OIDS: Readonly<Record<string, string>> = {
  "P-256": "06082a8648ce3d030107",
  "P-384": "06052b81040022",
  "P-521": "06052b81040023",
};

/** Handles of the objects of one class with the label (and id). */
export function findObjects(s: Pkcs11Session, kind: "public" | "private", label: string, id?: Buffer): Buffer[] {
  const { module: m, ck } = s;
  const template: Pkcs11js.Template = [
    { type: ck.CKA_CLASS, value: kind === "private" ? ck.CKO_PRIVATE_KEY : ck.CKO_PUBLIC_KEY },
    { type: ck.CKA_TOKEN, value: true },
    { type: ck.CKA_LABEL, value: label },
  ];
  if (id) template.push({ type: ck.CKA_ID, value: id });
  m.C_FindObjectsInit(s.handle, template);
  try {
    return m.C_FindObjects(s.handle, 16);
  } finally {
    m.C_FindObjectsFinal(s.handle);
  }
}

/** Attribute values of an object, by type. */
function attributes(s: Pkcs11Session, object: Buffer, types: number[]): Map<number, Buffer> {
  const got = s.module.C_GetAttributeValue(
    s.handle,
    object,
    types.map((type) => ({ type })),
  );
  return new Map(got.map((a) => [a.type, Buffer.isBuffer(a.value) ? a.value : Buffer.alloc(0)]));
}

/** What the private half says of itself: its id, whether it may sign, whether it could leave the token. */
export function privateKeyFacts(s: Pkcs11Session, object: Buffer): { id: Buffer; canSign: boolean; exportable: boolean } {
  const { ck } = s;
  const a = attributes(s, object, [ck.CKA_ID, ck.CKA_SIGN, ck.CKA_SENSITIVE, ck.CKA_EXTRACTABLE]);
  const flag = (t: number) => (a.get(t)?.[0] ?? 0) !== 0;
  return {
    id: a.get(ck.CKA_ID) ?? Buffer.alloc(0),
    canSign: flag(ck.CKA_SIGN),
    exportable: !flag(ck.CKA_SENSITIVE) || flag(ck.CKA_EXTRACTABLE),
  };
}

/** The uncompressed point inside CKA_EC_POINT (a DER OCTET STRING by the standard; some modules give it bare). */
function ecPoint(value: Buffer): Buffer {
  // Bare: 04||x||y of P-256, P-384 or P-521 (a DER-wrapped point of those curves has another length).
  if (value[0] === 0x04 && [65, 97, 133].includes(value.length)) return value;
  let at = 1;
  let length = value[at] ?? 0;
  if (length & 0x80) {
    const count = length & 0x7f;
    length = 0;
    for (let i = 1; i <= count; i++) length = length * 256 + (value[at + i] ?? 0);
    at += count;
  }
  return value.subarray(at + 1, at + 1 + length);
}

/** The public JWK of a public key object (bare members, kid the RFC 7638 thumbprint), or why it is not one. */
export function publicJwkOf(s: Pkcs11Session, object: Buffer): PublicJwk | string {
  const { ck } = s;
  const type = attributes(s, object, [ck.CKA_KEY_TYPE]).get(ck.CKA_KEY_TYPE)?.readUInt32LE(0);
  let members: Record<string, string>;
  if (type === ck.CKK_EC) {
    const a = attributes(s, object, [ck.CKA_EC_PARAMS, ck.CKA_EC_POINT]);
    const oid = a.get(ck.CKA_EC_PARAMS)?.toString("hex");
    const crv = Object.keys(CURVE_OIDS).find((c) => CURVE_OIDS[c] === oid);
    if (!crv) return "an EC key on a curve JOSE has no name for (not P-256, P-384 or P-521)";
    const point = ecPoint(a.get(ck.CKA_EC_POINT) ?? Buffer.alloc(0));
    const half = (point.length - 1) / 2;
    if (point[0] !== 0x04 || !Number.isInteger(half)) return "an EC point that is not uncompressed";
    members = { kty: "EC", crv, x: point.subarray(1, 1 + half).toString("base64url"), y: point.subarray(1 + half).toString("base64url") };
  } else if (type === ck.CKK_RSA) {
    const a = attributes(s, object, [ck.CKA_MODULUS, ck.CKA_PUBLIC_EXPONENT]);
    const strip = (b: Buffer | undefined) =>
      (b ?? Buffer.alloc(0)).subarray(
        Math.max(
          0,
          (b ?? Buffer.alloc(0)).findIndex((x) => x !== 0),
        ),
      );
    members = {
      kty: "RSA",
      n: strip(a.get(ck.CKA_MODULUS)).toString("base64url"),
      e: strip(a.get(ck.CKA_PUBLIC_EXPONENT)).toString("base64url"),
    };
  } else return `a key of type ${String(type)}, neither EC nor RSA`;
  try {
    createPublicKey({ key: members, format: "jwk" }); // a point off the curve, an empty modulus
  } catch (e) {
    return `a public key that does not parse (${e instanceof Error ? e.message : String(e)})`;
  }
  const jwk = members as unknown as PublicJwk;
  return { ...jwk, kid: jwkThumbprint(jwk) };
}

/** Why a public JWK cannot serve the algorithm, or undefined. */
export function mismatch(jwk: PublicJwk, alg: string, spec: Pkcs11Algorithm): string | undefined {
  if (spec.keyType === "EC" && (jwk.kty !== "EC" || jwk.crv !== spec.crv))
    return `the key is ${jwk.kty === "EC" ? `an EC ${String(jwk.crv)}` : `an ${jwk.kty}`} key; ${alg} needs an EC ${spec.crv} key`;
  if (spec.keyType === "RSA" && jwk.kty !== "RSA") return `the key is an ${jwk.kty} key; ${alg} needs an RSA key`;
  if (spec.keyType === "RSA" && Buffer.from(String(jwk.n), "base64url").length * 8 < 2048)
    return `the RSA key has fewer than 2048 bits; ${alg} needs at least 2048 (RFC 7518 section 3.3)`;
  return undefined;
}

/** Generates a key pair on the token: private half sensitive, not extractable, signing only. Returns its CKA_ID. */
export function generateKeyPair(
  s: Pkcs11Session,
  spec: Pkcs11Algorithm,
  label: string,
  id: Buffer | undefined,
  modulusLength: number,
): Buffer {
  const { module: m, ck } = s;
  const ckaId = id ?? randomBytes(8);
  const common = [
    { type: ck.CKA_TOKEN, value: true },
    { type: ck.CKA_LABEL, value: label },
    { type: ck.CKA_ID, value: ckaId },
  ];
  const publicTemplate: Pkcs11js.Template = [...common, { type: ck.CKA_VERIFY, value: true }, { type: ck.CKA_PRIVATE, value: false }];
  const privateTemplate: Pkcs11js.Template = [
    ...common,
    { type: ck.CKA_PRIVATE, value: true },
    { type: ck.CKA_SENSITIVE, value: true },
    { type: ck.CKA_EXTRACTABLE, value: false },
    { type: ck.CKA_SIGN, value: true },
    { type: ck.CKA_DECRYPT, value: false },
    { type: ck.CKA_UNWRAP, value: false },
    { type: ck.CKA_DERIVE, value: false },
  ];
  let mechanism: number;
  if (spec.keyType === "EC") {
    mechanism = ck.CKM_EC_KEY_PAIR_GEN;
    publicTemplate.push({ type: ck.CKA_EC_PARAMS, value: Buffer.from(CURVE_OIDS[spec.crv ?? ""] ?? "", "hex") });
  } else {
    mechanism = ck.CKM_RSA_PKCS_KEY_PAIR_GEN;
    publicTemplate.push(
      { type: ck.CKA_MODULUS_BITS, value: modulusLength },
      { type: ck.CKA_PUBLIC_EXPONENT, value: Buffer.from([1, 0, 1]) },
    );
  }
  m.C_GenerateKeyPair(s.handle, { mechanism }, publicTemplate, privateTemplate);
  return ckaId;
}

const HASH_MECHANISMS = { sha256: "SHA256", sha384: "SHA384", sha512: "SHA512" } as const;
const HASH_BYTES = { sha256: 32, sha384: 48, sha512: 64 } as const;

/** The JWS signature of `data` with the private key object: JOSE bytes (ECDSA r||s). */
export function signWith(s: Pkcs11Session, key: Buffer, alg: string, spec: Pkcs11Algorithm, data: Uint8Array): Uint8Array {
  const { module: m, ck } = s;
  const ckNumber = (name: string): number => (ck as unknown as Record<string, number>)[name] ?? Number.NaN;
  const h = HASH_MECHANISMS[spec.hash];
  let mechanism: Pkcs11js.Mechanism;
  let input = Buffer.from(data);
  if (spec.keyType === "EC") {
    mechanism = { mechanism: ck.CKM_ECDSA };
    input = createHash(spec.hash).update(data).digest();
  } else if (spec.padding === "pss") {
    const pss: Pkcs11js.RsaPSS = {
      type: ck.CK_PARAMS_RSA_PSS,
      hashAlg: ckNumber(`CKM_${h}`),
      mgf: ckNumber(`CKG_MGF1_${h}`),
      saltLen: HASH_BYTES[spec.hash],
    };
    mechanism = { mechanism: ckNumber(`CKM_${h}_RSA_PKCS_PSS`), parameter: pss };
  } else mechanism = { mechanism: ckNumber(`CKM_${h}_RSA_PKCS`) };
  m.C_SignInit(s.handle, mechanism, key);
  const signature = m.C_Sign(s.handle, input, Buffer.alloc(1024));
  const octets = ECDSA_OCTETS[alg];
  if (octets === undefined || signature.length === octets * 2) return new Uint8Array(signature);
  return derToJose(signature, octets);
}
