/**
 * What `pulumi refresh` says under a `PingOneKeyRotationPolicy`: fields changed in the console (drift, which the
 * next `up` repairs) and a rotation PingOne made on its schedule (not drift: the keys moved on as declared; the
 * outputs now hold the promoted key). Kids and field values only; the keys are public, but nothing is quoted.
 */
import type { Severity } from "../../../pulumi/engine-log";
import type { PolicyOutputs } from "./logic";

/** The messages for a refresh that read `now` where the state held `before`. Pure. */
export function policyRefreshReport(before: PolicyOutputs, now: PolicyOutputs): { severity: Severity; message: string }[] {
  const out: { severity: Severity; message: string }[] = [];
  if (now.drift.length > 0) {
    const each = now.drift.map((m) => {
      const key = m as keyof PolicyOutputs["fields"];
      return `${m} is ${JSON.stringify(now.fields[key])} in PingOne, declared ${JSON.stringify(now.declared[key])}`;
    });
    out.push({
      severity: "warning",
      message: `drift on key rotation policy ${now.policyId}: ${each.join("; ")}; the next up puts the declared values back`,
    });
  }
  if (now.currentKid !== before.currentKid)
    out.push({
      severity: "info",
      message: `PingOne rotated key rotation policy ${now.policyId}: the current key is now ${now.currentKid} (was ${before.currentKid}), the next one ${now.nextKid}`,
    });
  return out;
}
