/**
 * RFC 7638 JWK thumbprints (SHA-256), computed synchronously with node:crypto. jose's
 * `calculateJwkThumbprint` goes through async WebCrypto: correct, but a promise and a digest round trip per key
 * made thumbprinting most of the time of a 10,000-key set diff (bench/diff-scale). jose stays the reference in
 * the tests.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7638
 */
import { createHash } from "node:crypto";
import { JwkKeyMaterialError } from "../../errors/input";

/** RFC 7638 section 3.2: the required members of each key type, in lexicographic order. */
const REQUIRED_MEMBERS: Record<string, readonly string[]> = {
  RSA: ["e", "kty", "n"],
  EC: ["crv", "kty", "x", "y"],
  OKP: ["crv", "kty", "x"],
};

/**
 * The base64url SHA-256 thumbprint of a public or private JWK (only the required public members count, so
 * metadata and private members do not change it). Throws `JwkKeyMaterialError` for another key type or a
 * required member that is missing or not a string.
 *
 * @example
 * jwkThumbprint({ kty: "OKP", crv: "Ed25519", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" })
 * // "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k" (RFC 8037 appendix A.3)
 * @see https://www.rfc-editor.org/rfc/rfc7638#section-3
 */
export function jwkThumbprint(jwk: Readonly<Record<string, unknown>>): string {
  const members = typeof jwk.kty === "string" ? REQUIRED_MEMBERS[jwk.kty] : undefined;
  if (!members) throw new JwkKeyMaterialError(`no RFC 7638 thumbprint for kty ${JSON.stringify(jwk.kty)}: expected RSA, EC or OKP`);
  let json = "{";
  for (const m of members) {
    const value = jwk[m];
    if (typeof value !== "string") throw new JwkKeyMaterialError(`"${m}" must be a string to compute the RFC 7638 thumbprint`);
    // JSON.stringify escapes exactly as RFC 7638 section 3.3 requires (no whitespace, minimal escaping).
    json += `${json.length > 1 ? "," : ""}"${m}":${JSON.stringify(value)}`;
  }
  return createHash("sha256").update(`${json}}`).digest("base64url");
}
