/**
 * Findings about a key's X.509 members: the `x5c` chain parses (node:crypto `X509Certificate`, no hand-written
 * ASN.1), its first certificate holds the JWK's key, each certificate is issued by the next, `x5t` and
 * `x5t#S256` are the base64url SHA-1 / SHA-256 of the first certificate's DER (recognising the common mistakes:
 * hashing to hex first, base64 instead of base64url), and each certificate's validity. Pure given `now`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7517#section-4.7 (x5c: base64 DER, first certificate holds the key)
 * @see https://www.rfc-editor.org/rfc/rfc7517#section-4.8 (x5t) and section 4.9 (x5t#S256)
 */
import { createHash, createPublicKey, X509Certificate, type KeyObject } from "node:crypto";
import { publicKeyMembers } from "../../keys/material";
import { jwkThumbprint } from "../../keys/thumbprint";
import { finding, type Finding } from "./findings";

const DAY_MS = 86_400_000;
/** Certificates expiring within this many days are reported (info). */
export const EXPIRING_DAYS = 30;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** What the X.509 checks found, and the first certificate's expiry (for the table). */
export interface X509Report {
  findings: Finding[];
  notAfter?: Date;
}

function parseChain(x5c: unknown): { certs: X509Certificate[]; findings: Finding[] } {
  if (!Array.isArray(x5c) || x5c.length === 0)
    return { certs: [], findings: [finding("x5c-unparseable", "x5c must be a non-empty array of base64 DER certificates")] };
  const certs: X509Certificate[] = [];
  const findings: Finding[] = [];
  x5c.forEach((entry, i) => {
    const why =
      typeof entry !== "string"
        ? "not a string"
        : entry.includes("-----")
          ? "holds PEM armour; x5c holds base64 DER only"
          : !BASE64.test(entry)
            ? "not base64 (x5c uses standard base64, not base64url, RFC 7517 section 4.7)"
            : undefined;
    if (why) return void findings.push(finding("x5c-unparseable", `x5c[${i}] ${why}`));
    try {
      certs.push(new X509Certificate(Buffer.from(entry as string, "base64")));
    } catch (cause) {
      findings.push(finding("x5c-unparseable", `x5c[${i}] is not a DER X.509 certificate (${(cause as Error).message})`));
    }
  });
  return { certs: findings.length === 0 ? certs : [], findings };
}

function jwkPublicKey(key: Record<string, unknown>): KeyObject | undefined {
  try {
    return createPublicKey({ key: publicKeyMembers(key), format: "jwk" });
  } catch {
    return undefined; // key-findings reports a key that does not load
  }
}

function keyMatch(cert: X509Certificate, key: Record<string, unknown>): Finding[] {
  const jwkKey = jwkPublicKey(key);
  if (!jwkKey || cert.publicKey.equals(jwkKey)) return [];
  let theirs: string;
  try {
    theirs = ` (thumbprint ${jwkThumbprint(cert.publicKey.export({ format: "jwk" }))})`;
  } catch {
    theirs = ` (a ${cert.publicKey.asymmetricKeyType} key)`;
  }
  return [
    finding("x5c-key-mismatch", `the first x5c certificate's public key${theirs} is not this JWK's key (thumbprint ${jwkThumbprint(key)})`),
  ];
}

/** `member` against base64url(hash(DER)), naming the expected value and the mistake when it is a known one. */
function digestMember(key: Record<string, unknown>, member: "x5t" | "x5t#S256", der: Buffer): Finding[] {
  const value = key[member];
  if (value === undefined) return [];
  const hash = member === "x5t" ? "sha1" : "sha256";
  const digest = createHash(hash).update(der).digest();
  const expected = digest.toString("base64url");
  if (value === expected) return [];
  const code = member === "x5t" ? "x5t-mismatch" : "x5t#S256-mismatch";
  const hex = digest.toString("hex");
  const mistake =
    value === Buffer.from(hex).toString("base64url") || value === Buffer.from(hex.toUpperCase()).toString("base64url")
      ? ": it is the base64url of the hex digest (hashed to hex first); encode the raw digest bytes"
      : value === digest.toString("base64")
        ? ": it is standard base64; use base64url without padding"
        : value === hex || value === hex.toUpperCase()
          ? ": it is the hex digest; encode the raw digest bytes as base64url"
          : "";
  const name = member === "x5t" ? "SHA-1" : "SHA-256";
  return [finding(code, `${member} is not base64url(${name} of the first certificate's DER); it should be "${expected}"${mistake}`)];
}

function validity(certs: X509Certificate[], now: Date): Finding[] {
  return certs.flatMap((cert, i) => {
    const from = new Date(cert.validFrom);
    const to = new Date(cert.validTo);
    const which = `x5c[${i}] (${cert.subject.replace(/\n/g, ", ")})`;
    if (to.getTime() < now.getTime()) return [finding("cert-expired", `${which} expired on ${to.toISOString()}`)];
    if (from.getTime() > now.getTime()) return [finding("cert-not-yet-valid", `${which} is valid only from ${from.toISOString()}`)];
    const days = Math.floor((to.getTime() - now.getTime()) / DAY_MS);
    return days < EXPIRING_DAYS ? [finding("cert-expiring", `${which} expires in ${days} day(s), on ${to.toISOString()}`)] : [];
  });
}

function chainOrder(certs: X509Certificate[]): Finding[] {
  return certs
    .slice(0, -1)
    .flatMap((cert, i) =>
      cert.checkIssued(certs[i + 1])
        ? []
        : [finding("x5c-chain-broken", `x5c[${i}] is not issued by x5c[${i + 1}]; the chain is out of order or incomplete`)],
    );
}

/**
 * X.509 findings for one key (normalised: no empty members). Nothing when it has no `x5c`.
 *
 * @example
 * x509Findings({ kty: "EC", ..., x5c: [der64], x5t: "wrong" }, new Date()).findings[0].code // "x5t-mismatch"
 */
export function x509Findings(key: Record<string, unknown>, now: Date): X509Report {
  if (key.x5c === undefined) return { findings: [] };
  const { certs, findings } = parseChain(key.x5c);
  if (certs.length === 0) return { findings };
  const leaf = certs[0];
  return {
    findings: [
      ...keyMatch(leaf, key),
      ...chainOrder(certs),
      ...digestMember(key, "x5t", leaf.raw),
      ...digestMember(key, "x5t#S256", leaf.raw),
      ...validity(certs, now),
    ],
    notAfter: new Date(leaf.validTo),
  };
}
