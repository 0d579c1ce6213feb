/**
 * PEM forms of a JWK (PKCS#8 for a private key, SPKI for a public one) with node:crypto. Nothing stores
 * them: a PEM is another spelling of the JWK, derived where it is needed (resources/jwk/pem.ts).
 *
 * @see https://www.rfc-editor.org/rfc/rfc5208 (PKCS#8)
 * @see https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.7 (SubjectPublicKeyInfo)
 */
import { createPrivateKey, createPublicKey, type JsonWebKey } from "node:crypto";
import { JwkKeyMaterialError } from "../../errors/input";

function keyObject(jwk: unknown, kind: "private" | "public") {
  if (typeof jwk !== "object" || jwk === null || Array.isArray(jwk)) throw new JwkKeyMaterialError(`expected a ${kind} JWK object`);
  try {
    const key = jwk as JsonWebKey;
    return kind === "private" ? createPrivateKey({ key, format: "jwk" }) : createPublicKey({ key, format: "jwk" });
  } catch (error) {
    // node's messages may quote the offending member, which for a private key can be part of `d`: keep its code only.
    const code = (error as { code?: unknown }).code;
    throw new JwkKeyMaterialError(`not a ${kind} RSA, EC or OKP JWK (node:crypto ${typeof code === "string" ? code : "refused it"})`);
  }
}

/**
 * The PKCS#8 PEM of a private JWK (metadata members are ignored).
 *
 * @example
 * privateKeyPemOf(privateJwk) // PKCS#8 PEM text
 */
export function privateKeyPemOf(privateJwk: unknown): string {
  return keyObject(privateJwk, "private").export({ type: "pkcs8", format: "pem" }) as string;
}

/**
 * The SPKI PEM of a JWK's public half (a private JWK gives its public key).
 *
 * @example
 * publicKeyPemOf(publicJwk) // "-----BEGIN PUBLIC KEY-----\n..."
 */
export function publicKeyPemOf(jwk: unknown): string {
  return keyObject(jwk, "public").export({ type: "spki", format: "pem" }) as string;
}
