/**
 * Inspection of any JWK Set: a report per key (what it is, and its findings) and the set's own findings
 * (duplicate kids, an empty set). Pure given `now`; the entries are taken as served, so quirks a normaliser
 * would hide (an empty `"crv": ""`) are reported too, as information.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7517#section-5
 */
import { normaliseKey } from "../document";
import { rsaModulusBits } from "../../keys/material";
import { finding, type Finding, type Severity, atLeast } from "./findings";
import { keyFindings } from "./key-findings";
import { x509Findings } from "./x509-findings";

/** One key of the set as inspection saw it. */
export interface KeyReport {
  /** Position in the set's `keys` array. */
  index: number;
  kid?: string;
  kty?: string;
  alg?: string;
  use?: string;
  /** RSA modulus bits. */
  size?: number;
  crv?: string;
  /** The first certificate's notAfter, when the key has an `x5c` that parses. */
  certificateExpires?: Date;
  findings: Finding[];
}

export interface InspectionReport {
  keys: KeyReport[];
  /** Findings about the set as a whole. */
  findings: Finding[];
}

const str = (v: unknown) => (typeof v === "string" && v.length > 0 ? v : undefined);

function reportKey(entry: unknown, index: number, now: Date): KeyReport {
  const findings = keyFindings(entry);
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) return { index, findings };
  const key = normaliseKey(entry as Record<string, unknown>);
  const x509 = x509Findings(key, now);
  const n = str(key.n);
  return {
    index,
    ...(str(key.kid) ? { kid: key.kid as string } : {}),
    ...(str(key.kty) ? { kty: key.kty as string } : {}),
    ...(str(key.alg) ? { alg: key.alg as string } : {}),
    ...(str(key.use) ? { use: key.use as string } : {}),
    ...(key.kty === "RSA" && n && /^[A-Za-z0-9_-]+$/.test(n) ? { size: rsaModulusBits(n) } : {}),
    ...(key.kty !== "RSA" && str(key.crv) ? { crv: key.crv as string } : {}),
    ...(x509.notAfter ? { certificateExpires: x509.notAfter } : {}),
    findings: [...findings, ...x509.findings],
  };
}

function setFindings(entries: readonly unknown[]): Finding[] {
  if (entries.length === 0) return [finding("empty-set", "the set has no keys: nothing signed or encrypted for it can be checked")];
  const positions = new Map<string, number[]>();
  entries.forEach((e, i) => {
    const kid = typeof e === "object" && e !== null ? (e as Record<string, unknown>).kid : undefined;
    if (typeof kid === "string" && kid.length > 0) positions.set(kid, [...(positions.get(kid) ?? []), i]);
  });
  return [...positions]
    .filter(([, at]) => at.length > 1)
    .map(([kid, at]) =>
      finding("duplicate-kid", `kid "${kid}" is used by keys ${at.map((i) => `[${i}]`).join(", ")}: clients may pick the wrong one`),
    );
}

/**
 * Inspects the entries of a JWK Set (its `keys` array, as served).
 *
 * @example
 * const report = inspectJwks(JSON.parse(text).keys)
 * report.keys[0].findings // [{ code: "kid-not-thumbprint", severity: "info", message: "..." }]
 */
export function inspectJwks(entries: readonly unknown[], now: Date = new Date()): InspectionReport {
  return { keys: entries.map((e, i) => reportKey(e, i, now)), findings: setFindings(entries) };
}

/** Every finding of a report at or above `threshold`. */
export function findingsAtLeast(report: InspectionReport, threshold: Severity): Finding[] {
  return [...report.keys.flatMap((k) => k.findings), ...report.findings].filter((f) => atLeast(f.severity, threshold));
}
