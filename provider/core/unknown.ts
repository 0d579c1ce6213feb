/**
 * During preview, inputs that depend on resources not yet created arrive in dynamic providers as the sentinel
 * string below (@pulumi/pulumi runtime `unknownValue`): validation must skip them, diff must treat them as
 * "may change". Plain data, so the core can skip unknowns without knowing Pulumi; provider/pulumi/values.ts
 * is where the glue takes them from.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when `value` is, or contains, an unknown. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (typeof value === "object" && value !== null) return Object.values(value).some(containsUnknown);
  return false;
}
