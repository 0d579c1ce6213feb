/**
 * A self-signed X.509 certificate for a key (`x5c`), and the certificate members a JWK carries with it
 * (`x5t#S256`, `x5t` on request). Built with @peculiar/x509 over node's WebCrypto: no hand-written ASN.1. Pure
 * apart from the clock and the random serial number.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7517#section-4.7 (x5c) and 4.8, 4.9 (x5t, x5t#S256)
 * @see https://www.rfc-editor.org/rfc/rfc5280 (certificate profile)
 */
import { createHash, randomBytes, webcrypto } from "node:crypto";
import type { JWK } from "jose";
import { JwkKeyMaterialError } from "../../errors/input";
import { publicKeyMembers } from "./material";

/** What the self-signed certificate says. */
export interface CertificateRequest {
  /** Distinguished name, RFC 4514 string form, e.g. `CN=signing.example.com, O=Example`. */
  subject: string;
  /** Days from `now` until the certificate expires. */
  validityDays: number;
  /** Also publish the SHA-1 `x5t` (only for clients that still need it). */
  sha1Thumbprint?: boolean;
}

/** The JWK members that carry a certificate. */
export interface CertificateMembers {
  x5c: string[];
  x5t?: string;
  "x5t#S256": string;
}

type X509Module = typeof import("@peculiar/x509");

// Loaded on first use: most keys carry no certificate, and @peculiar/x509 needs the reflect-metadata polyfill,
// which should touch the global Reflect only in processes that make certificates.
function x509(): X509Module {
  require("reflect-metadata");
  const lib = require("@peculiar/x509") as X509Module;
  lib.cryptoProvider.set(webcrypto as unknown as Parameters<typeof lib.cryptoProvider.set>[0]);
  return lib;
}

/** The WebCrypto signing algorithm for a key: by kty/crv, and by the JWS alg for RSA (PS* signs with PSS). */
function signingAlgorithm(key: JWK, alg: string): { importAs: Record<string, unknown>; sign: Record<string, unknown> } {
  if (key.kty === "RSA") {
    const bits = /^(?:RS|PS)(\d{3})$/.exec(alg)?.[1] ?? "256";
    const hash = `SHA-${bits}`;
    if (alg.startsWith("PS")) return { importAs: { name: "RSA-PSS", hash }, sign: { name: "RSA-PSS", hash, saltLength: Number(bits) / 8 } };
    return { importAs: { name: "RSASSA-PKCS1-v1_5", hash }, sign: { name: "RSASSA-PKCS1-v1_5", hash } };
  }
  if (key.kty === "EC") {
    const hash = { "P-256": "SHA-256", "P-384": "SHA-384", "P-521": "SHA-512" }[key.crv as string];
    if (hash) return { importAs: { name: "ECDSA", namedCurve: key.crv }, sign: { name: "ECDSA", hash } };
  }
  if (key.kty === "OKP" && key.crv === "Ed25519") return { importAs: { name: "Ed25519" }, sign: { name: "Ed25519" } };
  throw new JwkKeyMaterialError(`a ${String(key.crv ?? key.kty)} key cannot sign, so it cannot have a self-signed certificate`);
}

/** Why a subject is not a distinguished name, or undefined when it is one. */
export function subjectProblem(subject: string): string | undefined {
  const example = 'a distinguished name such as "CN=signing.example.com, O=Example"';
  try {
    return new (x509().Name)(subject).toJSON().length === 0 ? `not ${example} (no attribute=value pair)` : undefined;
  } catch (cause) {
    return `not ${example} (${(cause as Error).message})`;
  }
}

/** `x5t#S256` (and `x5t`) of a chain: base64url of the digest of the first certificate's DER. */
export function certificateMembers(x5c: readonly string[], sha1Thumbprint = false): CertificateMembers {
  const der = Buffer.from(x5c[0], "base64");
  return {
    x5c: [...x5c],
    ...(sha1Thumbprint ? { x5t: createHash("sha1").update(der).digest("base64url") } : {}),
    "x5t#S256": createHash("sha256").update(der).digest("base64url"),
  };
}

/**
 * Makes a self-signed certificate for `privateJwk` (a key that can sign: RSA, EC on P-256/384/521, Ed25519).
 *
 * @example
 * const members = await selfSignedCertificate(privateJwk, "ES256", { subject: "CN=signing", validityDays: 365 })
 * // { x5c: ["MIIB..."], "x5t#S256": "..." }
 */
export async function selfSignedCertificate(
  privateJwk: JWK,
  alg: string,
  request: CertificateRequest,
  now: Date = new Date(),
): Promise<CertificateMembers> {
  const { importAs, sign } = signingAlgorithm(privateJwk, alg);
  const lib = x509();
  const subtle = webcrypto.subtle;
  const bare = {
    ...publicKeyMembers(privateJwk),
    d: privateJwk.d,
    p: privateJwk.p,
    q: privateJwk.q,
    dp: privateJwk.dp,
    dq: privateJwk.dq,
    qi: privateJwk.qi,
  };
  try {
    const keys = {
      privateKey: await subtle.importKey("jwk", JSON.parse(JSON.stringify(bare)) as webcrypto.JsonWebKey, importAs as never, false, [
        "sign",
      ]),
      publicKey: await subtle.importKey("jwk", publicKeyMembers(privateJwk) as webcrypto.JsonWebKey, importAs as never, true, ["verify"]),
    };
    const serial = randomBytes(16);
    serial[0] &= 0x7f; // a positive INTEGER (RFC 5280 section 4.1.2.2)
    const cert = await lib.X509CertificateGenerator.createSelfSigned({
      serialNumber: serial.toString("hex"),
      name: request.subject,
      notBefore: now,
      notAfter: new Date(now.getTime() + request.validityDays * 86_400_000),
      keys: keys as never,
      signingAlgorithm: sign as never,
      extensions: [new lib.BasicConstraintsExtension(false, undefined, true)],
    });
    return certificateMembers([Buffer.from(cert.rawData).toString("base64")], request.sha1Thumbprint);
  } catch (cause) {
    throw new JwkKeyMaterialError(`cannot make a self-signed certificate: ${(cause as Error).message}`, { cause });
  }
}
