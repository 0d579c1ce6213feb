/**
 * A failed create or update that leaves state behind: the engine's partial failure. The dynamic-provider host
 * of @pulumi/pulumi (cmd/dynamic-provider) and its provider server (provider/server, the plugin form) both turn
 * an error carrying `id` and `properties` into an ErrorResourceInitFailed: the engine records that state for
 * the resource, prints `reasons` as the error, and the next run diffs against that state.
 */

/** The state an error hands to the engine. */
export interface PartialState {
  id: string;
  properties: Record<string, unknown>;
  reasons: string[];
}

/**
 * `error` carrying `properties` as the resource's state under `id`. `inputs` are the operation's inputs: the
 * dynamic form's provider stub (`__provider`), which that host adds to the outputs only on success, is copied
 * from them, or the next operation could not load the provider.
 */
export function asPartialFailure(error: unknown, id: string, properties: object, inputs: object): unknown {
  if (typeof error !== "object" || error === null) return error;
  const stub = (inputs as { __provider?: unknown }).__provider;
  const state: PartialState = {
    id,
    properties: { ...properties, ...(stub !== undefined ? { __provider: stub } : {}) },
    reasons: [error instanceof Error ? error.message : JSON.stringify(error)],
  };
  return Object.assign(error, state);
}

/** The state `error` carries, if it is a partial failure. */
export function partialStateOf(error: unknown): PartialState | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { id, properties, reasons } = error as Partial<PartialState>;
  if (typeof id !== "string" || id === "" || typeof properties !== "object" || properties === null) return undefined;
  return { id, properties, reasons: Array.isArray(reasons) ? reasons : [] };
}
