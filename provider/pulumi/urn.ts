/**
 * A resource's URN carried in its own inputs and outputs as `__urn`: the dynamic-provider host does not give
 * `read`/`diff` the URN, so each resource records it (see stub.ts `ownUrn`) and diagnostics are filed under it
 * (engine-log.ts). The plugin form receives the URN and passes it in the same way. "__" keys are internal: the
 * CLI does not display them.
 */

/** Inputs or outputs with the resource's URN (absent in state written before resources carried it). */
export type WithUrn<T> = T & { __urn?: string };

/**
 * `props` with `__urn` set to `urn`; unchanged when the URN is not known.
 *
 * @example
 * withUrn(outputs, inputs.__urn)
 */
export function withUrn<T extends object>(props: T, urn: string | undefined): WithUrn<T> {
  return urn === undefined ? props : { ...props, __urn: urn };
}

/** `props` without `__urn`, for logic that must not see it. */
export function withoutUrn<T extends { __urn?: string }>(props: T): Omit<T, "__urn"> {
  const { __urn: _urn, ...rest } = props;
  return rest;
}
