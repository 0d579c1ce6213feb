/**
 * What the secret-store backends share: the key is generated here in
 * software, exactly as a key kept in state is (core/keys/material.ts), and written to the store as a private JWK
 * (its bare members plus `alg`); reading it back gives the public half, and signing reads it and signs in this
 * process (the application-side path: the key leaves the store only into the memory of whoever may read it).
 *
 * Unlike a KMS, a store can hold a key of any algorithm this package supports, signing or key management.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7518#section-3
 */
import { constants, createPrivateKey, sign } from "node:crypto";
import type { JWK } from "jose";
import { JwkKeyMaterialError, type InputFailure } from "../errors";
import { algorithmSpec, type Curve } from "../core/keys/algorithms";
import { assertKeyFitsAlg } from "../core/keys/import";
import { bareKey, generateKey, publicKeyMembers, type PublicJwk } from "../core/keys/material";
import { jwkThumbprint } from "../core/keys/thumbprint";
import type { CustodyRequest } from "./types";

/** Failures of the algorithm and curve of a request to a store (any algorithm of the package fits). */
export function storedKeyFailures(request: CustodyRequest): InputFailure[] {
  const spec = algorithmSpec(request.alg);
  if (!spec) return [{ property: "alg", reason: `unknown algorithm ${JSON.stringify(request.alg)}` }];
  if (request.crv !== undefined && !spec.curves.includes(request.crv as Curve))
    return [{ property: "crv", reason: `alg ${spec.alg} needs crv ${spec.curves.join(" or ")}` }];
  return [];
}

/** A new private key (bare members) for a request, generated as a key kept in state is. */
export function generateStoredKey(request: CustodyRequest): Promise<JWK> {
  return generateKey({ alg: request.alg, crv: request.crv as Curve | undefined, modulusLength: request.modulusLength });
}

/** The JSON text written to the store: the bare private members and `alg`. */
export function storedKeyText(privateJwk: JWK, alg: string): string {
  return JSON.stringify({ ...bareKey(privateJwk), alg });
}

/** The public half of a private JWK, bare, with its RFC 7638 thumbprint as kid. */
export function publicHalf(privateJwk: JWK): PublicJwk {
  const members = publicKeyMembers(privateJwk) as PublicJwk;
  return { ...members, kid: jwkThumbprint(members) };
}

/**
 * The private key a store holds (a JSON object, as text or already parsed), checked to fit `alg`. `where` names
 * the secret in the error; the value is never quoted.
 */
export async function readStoredKey(value: unknown, alg: string, where: string): Promise<JWK> {
  let parsed: unknown = value;
  if (typeof value === "string") {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new JwkKeyMaterialError(`${where} does not hold a JSON private JWK`);
    }
  }
  if (typeof parsed !== "object" || parsed === null || typeof (parsed as JWK).d !== "string")
    throw new JwkKeyMaterialError(`${where} does not hold a private JWK (no "d" member)`);
  const key = bareKey(parsed);
  try {
    await assertKeyFitsAlg(key, alg);
  } catch (cause) {
    throw new JwkKeyMaterialError(`${where} holds a key that cannot serve ${alg}: ${(cause as Error).message}`, { cause });
  }
  return key;
}

const HASH: Readonly<Record<string, string>> = { "256": "sha256", "384": "sha384", "512": "sha512" };

/**
 * The JWS signature of `data` with a private JWK, as JOSE expects it: RSASSA-PKCS1-v1_5, RSASSA-PSS with a salt
 * as long as the hash (RFC 7518 section 3.5), ECDSA as r||s (ieee-p1363), EdDSA.
 */
export function signLocally(privateJwk: JWK, alg: string, data: Uint8Array): Uint8Array {
  const key = createPrivateKey({ key: privateJwk, format: "jwk" });
  const spec = algorithmSpec(alg);
  if (spec?.use !== "sig") throw new JwkKeyMaterialError(`${alg} is not a signing algorithm`);
  if (spec.family === "EdDSA") return sign(null, data, key);
  const hash = HASH[alg.slice(2)];
  if (!hash) throw new JwkKeyMaterialError(`no hash for ${alg}`);
  if (alg.startsWith("ES")) return sign(hash, data, { key, dsaEncoding: "ieee-p1363" });
  if (alg.startsWith("PS"))
    return sign(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST });
  return sign(hash, data, key);
}
