/**
 * PingOne key rotation policies (KRPs) through the Management API: the policy's fields and the rules the spec
 * gives them, the calls (create, read, update, delete, read JWKS), and the interpretation of each answer. Sending
 * is split from interpreting: `processPolicy` is pure and tested with hand-made bodies.
 *
 * @see https://developer.pingidentity.com/pingone-api/platform/certificate-management/key-rotation-policies.html
 */
import { type InputFailure, isHttpError, isTargetGone, JwksTargetGoneError } from "../../errors";
import { PingOneResponseError } from "./errors";
import type { HttpClient } from "../../http/send";
import { processPolicyJwks, type PolicyKeys } from "./policy-jwks";

/** The writable fields of a policy (PingOne `KeyRotationPolicy`), as sent. */
export interface PolicyFields {
  name: string;
  dn: string;
  algorithm: string;
  keyLength: number;
  signatureAlgorithm: string;
  usageType: string;
  rotationPeriod: number;
  validityPeriod: number;
}

/** What the spec allows (EnumKeyRotationPolicy*; test/emulators/specs holds the document these are checked against). */
export const POLICY_ENUMS = { algorithm: ["RSA"], signatureAlgorithm: ["SHA256withRSA"], usageType: ["SIGNING"] } as const;
/** The spec's defaults for the optional fields, and the RSA sizes the certificate service generates. */
export const POLICY_DEFAULTS = {
  algorithm: "RSA",
  keyLength: 2048,
  signatureAlgorithm: "SHA256withRSA",
  usageType: "SIGNING",
  rotationPeriod: 90,
  validityPeriod: 365,
};
export const KEY_LENGTHS = [2048, 3072, 4096];
const MIN_ROTATION_DAYS = 30;

const isInt = (v: unknown): v is number => Number.isInteger(v);

/** Every problem with declared fields (defaults applied), by property, with the rule that refuses it. */
export function policyFieldFailures(f: Record<string, unknown>): InputFailure[] {
  const out: InputFailure[] = [];
  for (const m of ["name", "dn"])
    if (typeof f[m] !== "string" || f[m].trim() === "") out.push({ property: m, reason: "required, a non-empty string" });
  if (typeof f.dn === "string" && f.dn.trim() !== "" && !/^\s*[A-Za-z.0-9]+\s*=/.test(f.dn))
    out.push({ property: "dn", reason: `must be a distinguished name such as "CN=Signing, O=Example", got ${JSON.stringify(f.dn)}` });
  for (const [m, allowed] of Object.entries(POLICY_ENUMS))
    if (!(allowed as readonly unknown[]).includes(f[m]))
      out.push({ property: m, reason: `PingOne supports only ${allowed.join(", ")}, got ${JSON.stringify(f[m])}` });
  if (!KEY_LENGTHS.includes(f.keyLength as number))
    out.push({
      property: "keyLength",
      reason: `RSA key size in bits: one of ${KEY_LENGTHS.join(", ")}, got ${JSON.stringify(f.keyLength)}`,
    });
  if (!isInt(f.validityPeriod) || f.validityPeriod < MIN_ROTATION_DAYS + 1)
    out.push({
      property: "validityPeriod",
      reason: `days, a whole number above the minimum rotation period (at least ${MIN_ROTATION_DAYS + 1})`,
    });
  if (!isInt(f.rotationPeriod) || f.rotationPeriod < MIN_ROTATION_DAYS)
    out.push({ property: "rotationPeriod", reason: `days, a whole number of at least ${MIN_ROTATION_DAYS} (PingOne's minimum)` });
  else if (isInt(f.validityPeriod) && f.rotationPeriod > f.validityPeriod - 1)
    out.push({
      property: "rotationPeriod",
      reason: `at most validityPeriod - 1 (${f.validityPeriod - 1} days): a key must be rotated out before it expires`,
    });
  return out;
}

/** A policy as PingOne holds it: its fields, and the kids it names CURRENT and NEXT. */
export interface LivePolicy extends PolicyFields {
  id: string;
  currentKeyId?: string;
  nextKeyId?: string;
  rotatedAt?: string;
}

/** Interprets a policy body (create, read, update). @throws PingOneResponseError when a member is missing or mistyped */
export function processPolicy(body: unknown, target: string, operation: string): LivePolicy {
  const b = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const strings = ["id", "name", "dn", "algorithm", "signatureAlgorithm", "usageType"];
  const numbers = ["keyLength", "rotationPeriod", "validityPeriod"];
  const bad = [...strings.filter((m) => typeof b[m] !== "string"), ...numbers.filter((m) => typeof b[m] !== "number")];
  if (bad.length) throw new PingOneResponseError(target, operation, `the policy has no valid ${bad.join(", ")}`);
  const out = Object.fromEntries([...strings, ...numbers].map((m) => [m, b[m]])) as unknown as LivePolicy;
  for (const m of ["currentKeyId", "nextKeyId", "rotatedAt"] as const) if (typeof b[m] === "string") out[m] = b[m];
  return out;
}

const asGone = (e: unknown, target: string, id: string): unknown =>
  isHttpError(e) && e.status === 404 && e.vendorCode === "NOT_FOUND"
    ? new JwksTargetGoneError(target, `HTTP 404 NOT_FOUND: PingOne has no key rotation policy ${id} in this environment`, { cause: e })
    : e;

/** The calls on one environment's policies; `http` is opened by pingone-connection.ts. */
export class PolicyClient {
  constructor(private readonly http: HttpClient) {}

  get target(): string {
    return this.http.target;
  }

  async create(fields: PolicyFields): Promise<LivePolicy> {
    // Not idempotent: a retried create after an unclear failure could leave two policies (HttpClient never repeats it).
    const res = await this.http.send({
      operation: "create the policy",
      method: "POST",
      path: "keyRotationPolicies",
      body: fields,
      expect: [201],
    });
    return processPolicy(res.body, this.target, "create the policy");
  }

  /** @throws JwksTargetGoneError (ERR_JWKS_TARGET_GONE) when PingOne answers 404 NOT_FOUND */
  async read(id: string): Promise<LivePolicy> {
    try {
      const res = await this.http.send({
        operation: "read the policy",
        method: "GET",
        path: `keyRotationPolicies/${encodeURIComponent(id)}`,
        expect: [200],
      });
      return processPolicy(res.body, this.target, "read the policy");
    } catch (e) {
      throw asGone(e, this.target, id);
    }
  }

  async update(id: string, fields: PolicyFields): Promise<LivePolicy> {
    const path = `keyRotationPolicies/${encodeURIComponent(id)}`;
    const res = await this.http.send({ operation: "update the policy", method: "PUT", path, body: fields, expect: [200] });
    return processPolicy(res.body, this.target, "update the policy");
  }

  async jwks(id: string): Promise<PolicyKeys> {
    try {
      const path = `keyRotationPolicies/${encodeURIComponent(id)}/jwks`;
      const res = await this.http.send({ operation: "read the policy JWKS", method: "GET", path, expect: [200] });
      return processPolicyJwks(res.body, this.target);
    } catch (e) {
      throw asGone(e, this.target, id);
    }
  }

  /** Deletes the policy; one already gone counts as deleted. */
  async delete(id: string): Promise<void> {
    try {
      await this.http.send({
        operation: "delete the policy",
        method: "DELETE",
        path: `keyRotationPolicies/${encodeURIComponent(id)}`,
        expect: [204],
      });
    } catch (e) {
      if (!isTargetGone(asGone(e, this.target, id))) throw e;
    }
  }
}
