/**
 * What inspection reports: findings, each with a stable `code` (scripts branch on it), a fixed `severity` per
 * code and a message for people. The codes and their severities are part of the CLI's contract (`--json`,
 * `--fail-on`): add codes, never rename one.
 */

export type Severity = "error" | "warning" | "info";

/** Every finding code, with its severity. */
export const SEVERITY_OF = {
  "private-member": "error",
  "duplicate-kid": "error",
  "missing-kid": "warning",
  "key-invalid": "error",
  "alg-unregistered": "error",
  "alg-kty-mismatch": "error",
  "use-alg-mismatch": "error",
  "rsa-modulus-short": "error",
  "x5c-unparseable": "error",
  "x5c-key-mismatch": "error",
  "x5c-chain-broken": "warning",
  "x5t-mismatch": "error",
  "x5t#S256-mismatch": "error",
  "cert-expired": "warning",
  "cert-not-yet-valid": "warning",
  "cert-expiring": "info",
  "kid-not-thumbprint": "info",
  "member-not-for-kty": "info",
  "empty-set": "info",
} as const satisfies Record<string, Severity>;

export type FindingCode = keyof typeof SEVERITY_OF;

export interface Finding {
  code: FindingCode;
  severity: Severity;
  message: string;
}

/** A finding of `code`, with the code's severity. */
export function finding(code: FindingCode, message: string): Finding {
  return { code, severity: SEVERITY_OF[code], message };
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** Whether `s` is `threshold` or worse (error > warning > info). */
export function atLeast(s: Severity, threshold: Severity): boolean {
  return RANK[s] >= RANK[threshold];
}

export const SEVERITIES: readonly Severity[] = ["error", "warning", "info"];
