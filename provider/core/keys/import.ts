/**
 * Importing an existing private key (PEM or JWK): parse it, prove its halves belong together, check it fits
 * an alg. Every message here may reach `pulumi preview` output, and the input is a secret: no message quotes
 * it (redact.ts). Pure functions: no Pulumi, no I/O.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7517 (JWK)
 */
import { createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, sign, verify, type JsonWebKey } from "node:crypto";
import { importJWK, type JWK } from "jose";
import { JwkKeyMaterialError } from "../../errors/input";
import { bareKey, publicKeyMembers } from "./material";
import { withoutInput } from "./redact";

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
        ? createPrivateKey({ key: source.pem, format: "pem" }).export({ format: "jwk" })
        : createPrivateKey({ key: source.jwk as JsonWebKey, format: "jwk" }).export({ format: "jwk" });
  } catch (error) {
    const what = source.pem !== undefined ? "PEM" : "JWK";
    const cause = withoutInput(error, source.pem ?? source.jwk);
    throw new JwkKeyMaterialError(`malformed private key ${what}: ${cause.message}`, { cause });
  }
  const key = bareKey(jwk);
  if (source.pem === undefined) assertSamePublicMembers(source.jwk as Record<string, unknown>, key);
  assertHalvesMatch(key);
  return key;
}

/**
 * node derives an OKP key's public half from `d` and ignores the given `x`: a JWK whose `d` belongs to
 * another key would load as that other key, and the `x` the user wrote down would silently not be published.
 * Names the member, never its value.
 */
function assertSamePublicMembers(given: Record<string, unknown>, parsed: JWK): void {
  const derived = publicKeyMembers(parsed) as Record<string, unknown>;
  const same = (a: unknown, b: unknown) =>
    typeof a === "string" && typeof b === "string" && (a === b || Buffer.from(a, "base64url").equals(Buffer.from(b, "base64url")));
  for (const [member, value] of Object.entries(derived)) {
    if (member !== "kty" && given[member] !== undefined && !same(given[member], value))
      throw new JwkKeyMaterialError(`the private key does not belong to its public members (${member} differs from the key d gives)`);
  }
}

/**
 * Proves that the private half belongs to the public members it came with: node loads a JWK whose `d` does
 * not match its `x`/`y` (or `n`/`e`), and publishing that public key would break every signature. Signs and
 * verifies a fixed message (X25519 cannot sign: it agrees on a secret with a throwaway key both ways).
 */
function assertHalvesMatch(jwk: JWK): void {
  const privateKey = createPrivateKey({ key: jwk, format: "jwk" });
  const publicKey = createPublicKey({ key: publicKeyMembers(jwk), format: "jwk" });
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

/** Checks that `jwk` is a key `alg` can use (jose refuses a wrong kty or curve). */
export async function assertKeyFitsAlg(jwk: JWK, alg: string): Promise<void> {
  try {
    await importJWK(jwk, alg);
  } catch (cause) {
    throw new JwkKeyMaterialError(`the key (kty ${jwk.kty}${jwk.crv ? `, crv ${jwk.crv}` : ""}) cannot be used with alg ${alg}`, { cause });
  }
}
