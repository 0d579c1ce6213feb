/**
 * The first shape check on remote JSON (CONVENTIONS 8: `unknown` until a type guard accepts it): a JSON object,
 * not null and not an array.
 */

/**
 * Whether `value` is a JSON object.
 *
 * @example
 * isRecord(JSON.parse('{"keys": []}')) // true
 * isRecord([]) // false
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
