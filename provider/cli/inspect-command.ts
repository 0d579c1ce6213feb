/**
 * `pulumi-jwk inspect`: the report as a table (one row per key, then each finding in full) or as JSON, and the
 * exit code from `--fail-on`.
 */
import type { Finding, Severity } from "../core/jwks/inspect/findings";
import { findingsAtLeast, inspectJwks, type InspectionReport, type KeyReport } from "../core/jwks/inspect/inspect";
import { renderTable } from "./table";

/**
 * The `--json` document: exactly source, keys (kid, kty, findings) and the set's findings. A key without a
 * usable kid or kty has no such member (never `null`); its findings say why (`missing-kid`, `key-invalid`).
 */
export function inspectionJson(source: string, report: InspectionReport): string {
  const findings = (fs: readonly Finding[]) => fs.map((f) => ({ code: f.code, severity: f.severity, message: f.message }));
  return JSON.stringify(
    {
      source,
      keys: report.keys.map((k) => ({
        ...(k.kid !== undefined ? { kid: k.kid } : {}),
        ...(k.kty !== undefined ? { kty: k.kty } : {}),
        findings: findings(k.findings),
      })),
      findings: findings(report.findings),
    },
    null,
    2,
  );
}

/** `ok`, or each code once with its severity and, when repeated, a count: `info:member-not-for-kty(3)`. */
function findingCounts(findings: readonly Finding[]): string {
  if (findings.length === 0) return "ok";
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(`${f.severity}:${f.code}`, (counts.get(`${f.severity}:${f.code}`) ?? 0) + 1);
  return [...counts].map(([what, n]) => (n > 1 ? `${what}(${n})` : what)).join(" ");
}

const day = (d: Date | undefined) => (d ? d.toISOString().slice(0, 10) : "-");
const label = (k: KeyReport) => k.kid ?? `(no kid, keys[${k.index}])`;

/** The readable report: a row per key, then every finding with its message, then a count per severity. */
export function inspectionTable(source: string, report: InspectionReport): string {
  const rows = report.keys.map((k) => [
    label(k),
    [k.kty ?? "?", k.alg ?? "-", k.use ?? "-"].join("/"),
    k.size !== undefined ? `${k.size} bits` : (k.crv ?? "-"),
    day(k.certificateExpires),
    findingCounts(k.findings),
  ]);
  const out = [
    `JWK Set ${source}: ${report.keys.length} key(s)`,
    "",
    renderTable(["KID", "KTY/ALG/USE", "SIZE", "CERT EXPIRES", "FINDINGS"], rows),
  ];
  const all = [
    ...report.keys.flatMap((k) => k.findings.map((f) => ({ where: label(k), f }))),
    ...report.findings.map((f) => ({ where: "(set)", f })),
  ];
  if (all.length > 0) out.push("", ...all.map(({ where, f }) => `${f.severity.padEnd(7)} ${f.code} [${where}] ${f.message}`));
  const count = (s: Severity) => all.filter(({ f }) => f.severity === s).length;
  out.push("", `${count("error")} error(s), ${count("warning")} warning(s), ${count("info")} info`);
  return `${out.join("\n")}\n`;
}

/** Exit code 1 when any finding is at or above `failOn`, else 0. */
export function inspectionExitCode(report: InspectionReport, failOn: Severity | "none"): 0 | 1 {
  if (failOn === "none") return 0;
  return findingsAtLeast(report, failOn).length > 0 ? 1 : 0;
}

/** Inspects `entries` and renders them. */
export function runInspect(
  source: string,
  entries: readonly unknown[],
  options: { json: boolean; failOn: Severity | "none"; now?: Date },
): { output: string; exitCode: 0 | 1 } {
  const report = inspectJwks(entries, options.now);
  return {
    output: options.json ? `${inspectionJson(source, report)}\n` : inspectionTable(source, report),
    exitCode: inspectionExitCode(report, options.failOn),
  };
}
