/**
 * JSON with object members sorted at every depth: equal values give equal text, whatever their member order.
 * Needed because Pulumi state goes through protobuf Struct, which sorts members, while fresh inputs do not.
 *
 * @example
 * stableStringify({ b: 1, a: [{ d: 2, c: 3 }] }) === '{"a":[{"c":3,"d":2}],"b":1}'
 */
export function stableStringify(value: unknown): string {
  return (
    JSON.stringify(value, (_k, v: unknown) =>
      typeof v === "object" && v !== null && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        : v,
    ) ?? "undefined"
  );
}
