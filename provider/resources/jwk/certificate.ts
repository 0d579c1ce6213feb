/**
 * A `Jwk`'s optional certificate: `certificate` makes a self-signed one (subject, validity) published as `x5c`
 * with `x5t#S256` (and `x5t` on request); an imported key may instead bring its own chain in `x5c`, checked
 * against the key with the inspection rules. The certificate lives only in the public JWK (state stays small);
 * it is made again when the key is (rotation), when `certificate` changes, or when it is due for renewal
 * (`renewBefore`: less than that much time left before notAfter, by the provider's clock), and kept otherwise.
 */
import { X509Certificate } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import type { JWK } from "jose";
import type { InputFailure } from "../../errors";
import { x509Findings } from "../../core/jwks/inspect/x509-findings";
import { algorithmSpec, type Curve } from "../../core/keys/algorithms";
import { certificateMembers, selfSignedCertificate, subjectProblem, type CertificateMembers } from "../../core/keys/certificate";
import { parsePrivateKey } from "../../core/keys/import";
import { publicKeyMembers, type PublicJwk } from "../../core/keys/material";
import { formatDuration, parseDuration } from "../../core/rotation/duration";
import { containsUnknown, UNKNOWN } from "../../pulumi/values";

/** The `certificate` input: what the self-signed certificate says. */
export interface CertificateInput {
  /** Distinguished name, e.g. `CN=signing.example.com, O=Example` (default `CN=<kid>`). */
  subject?: string;
  /** Days until it expires (default 365). */
  validityDays?: number;
  /** Also publish the SHA-1 `x5t` (default false: `x5t#S256` only). */
  sha1Thumbprint?: boolean;
  /**
   * Renew the certificate (same key, new certificate) on the first preview or up with less than this left
   * before it expires: a duration such as `"30d"` or a number of seconds (default: never renewed on its own).
   */
  renewBefore?: string | number;
}

interface CertificateInputs {
  alg: string;
  crv?: string;
  certificate?: CertificateInput;
  x5c?: string[];
  privateKeyPem?: string;
  privateJwk?: Record<string, unknown>;
}

const CERT_MEMBERS = ["x5c", "x5t", "x5t#S256"] as const;
const DAY_MS = 86_400_000;
const known = (v: unknown) => v !== undefined && v !== UNKNOWN && !containsUnknown(v);

function selfSignedFailures(inputs: CertificateInputs): InputFailure[] {
  const c = inputs.certificate;
  if (typeof c !== "object" || c === null || Array.isArray(c))
    return [{ property: "certificate", reason: "must be an object: { subject?, validityDays?, sha1Thumbprint?, renewBefore? }" }];
  const f: InputFailure[] = [];
  if (c.subject !== undefined) {
    const problem = typeof c.subject === "string" && c.subject.length > 0 ? subjectProblem(c.subject) : "must be a non-empty string";
    if (problem) f.push({ property: "certificate.subject", reason: problem });
  }
  if (c.validityDays !== undefined && !(Number.isInteger(c.validityDays) && c.validityDays >= 1 && c.validityDays <= 36_500))
    f.push({ property: "certificate.validityDays", reason: "must be a whole number of days from 1 to 36500" });
  if (c.sha1Thumbprint !== undefined && typeof c.sha1Thumbprint !== "boolean")
    f.push({ property: "certificate.sha1Thumbprint", reason: "must be true or false" });
  if (c.renewBefore !== undefined) {
    const d = parseDuration(c.renewBefore);
    const validity = (typeof c.validityDays === "number" && Number.isInteger(c.validityDays) ? c.validityDays : 365) * DAY_MS;
    if ("reason" in d) f.push({ property: "certificate.renewBefore", reason: d.reason });
    else if (d.ms >= validity)
      f.push({
        property: "certificate.renewBefore",
        reason: `must be shorter than the certificate's validity (${formatDuration(validity)}), or every up would renew it`,
      });
  }
  const spec = algorithmSpec(inputs.alg);
  if (spec && (inputs.crv ?? spec.curves[0]) === ("X25519" satisfies Curve))
    f.push({ property: "certificate", reason: "an X25519 key cannot sign, so it cannot have a self-signed certificate" });
  return f;
}

function chainFailures(inputs: CertificateInputs): InputFailure[] {
  const source =
    inputs.privateKeyPem !== undefined
      ? { pem: inputs.privateKeyPem }
      : inputs.privateJwk !== undefined
        ? { jwk: inputs.privateJwk }
        : undefined;
  if (!source)
    return [
      {
        property: "x5c",
        reason: "only an imported key (privateKeyPem or privateJwk) can bring its own chain; use certificate for a generated key",
      },
    ];
  if (!known(source.pem ?? source.jwk)) return [];
  let key: JWK;
  try {
    key = parsePrivateKey(source);
  } catch {
    return []; // the import's own failure is reported on its property
  }
  return x509Findings({ ...publicKeyMembers(key), x5c: inputs.x5c }, new Date())
    .findings.filter((f) => f.severity === "error")
    .map((f) => ({ property: "x5c", reason: f.message }));
}

/** Everything wrong with `certificate` and `x5c`, by property. */
export function certificateFailures(inputs: CertificateInputs): InputFailure[] {
  const self = known(inputs.certificate);
  const chain = known(inputs.x5c);
  if (inputs.certificate !== undefined && inputs.x5c !== undefined)
    return [{ property: "x5c", reason: "give certificate (self-signed) or x5c (the imported key's chain), not both" }];
  return [...(self ? selfSignedFailures(inputs) : []), ...(chain ? chainFailures(inputs) : [])];
}

/** What the certificate says: the input less `renewBefore`, which only decides when it is made again. */
const content = (c: CertificateInput | undefined) => {
  if (typeof c !== "object" || c === null) return c;
  const { renewBefore: _when, ...rest } = c;
  return rest;
};

/**
 * Whether the self-signed certificate in `publicJwk` is due for renewal at `now` (epoch ms): `certificate`
 * has a valid `renewBefore` and the certificate's notAfter is that close or closer (or past).
 *
 * @example
 * renewalDue({ renewBefore: "30d" }, publicJwk, Date.parse("2027-01-10T00:00:00Z")) // true if it expires before 2027-02-09
 */
export function renewalDue(certificate: CertificateInput | undefined, publicJwk: PublicJwk, now: number): boolean {
  const chain: unknown = publicJwk.x5c;
  const leaf: unknown = Array.isArray(chain) ? chain[0] : undefined;
  if (typeof certificate !== "object" || certificate === null || certificate.renewBefore === undefined || typeof leaf !== "string")
    return false;
  const window = parseDuration(certificate.renewBefore);
  if ("reason" in window) return false;
  let notAfter: number;
  try {
    notAfter = Date.parse(new X509Certificate(Buffer.from(leaf, "base64")).validTo);
  } catch {
    return false; // not one this resource made; left as it is
  }
  return notAfter - now <= window.ms;
}

/**
 * The certificate members of the public JWK: kept from `previous` when the same certificate is asked for again
 * and is not due for renewal (an update that leaves the key alone), made anew otherwise, valid from `now`.
 */
export async function certificateFor(
  inputs: CertificateInputs,
  privateJwk: JWK,
  kid: string,
  previous?: { certificate?: CertificateInput | undefined; publicJwk: PublicJwk },
  now: number = Date.now(),
): Promise<Partial<CertificateMembers>> {
  if (inputs.x5c !== undefined) return certificateMembers(inputs.x5c);
  const c = inputs.certificate;
  if (c === undefined) return {};
  if (
    previous &&
    previous.publicJwk.x5c !== undefined &&
    isDeepStrictEqual(content(previous.certificate), content(c)) &&
    !renewalDue(c, previous.publicJwk, now)
  )
    return Object.fromEntries(CERT_MEMBERS.filter((m) => previous.publicJwk[m] !== undefined).map((m) => [m, previous.publicJwk[m]]));
  return selfSignedCertificate(
    privateJwk,
    inputs.alg,
    {
      subject: c.subject ?? `CN=${kid.replace(/[,+"\\<>;=]/g, (ch) => `\\${ch}`)}`,
      validityDays: c.validityDays ?? 365,
      sha1Thumbprint: c.sha1Thumbprint ?? false,
    },
    new Date(now),
  );
}

/**
 * Inputs among certificate and x5c whose change updates the key's certificate in place; `certificate` also when
 * the certificate is due for renewal at `now` (epoch ms).
 */
export function certificateChanges(
  olds: { certificate?: CertificateInput | undefined; publicJwk: PublicJwk },
  news: CertificateInputs,
  now: number = Date.now(),
): string[] {
  const changed: string[] = [];
  if (!isDeepStrictEqual(news.certificate, olds.certificate) || renewalDue(news.certificate, olds.publicJwk, now))
    changed.push("certificate");
  const oldChain = olds.certificate === undefined ? olds.publicJwk.x5c : undefined;
  if (!isDeepStrictEqual(news.x5c, oldChain)) changed.push("x5c");
  return changed;
}
