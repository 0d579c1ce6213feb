/**
 * Property values as the plugin's gRPC server hands them over and takes them back. The server accepts secrets,
 * so any input may arrive wrapped as an RPC secret; and the engine does not carry secretness from inputs to
 * outputs for a plugin, so the provider wraps each secret output itself.
 *
 * @see https://github.com/pulumi/pulumi/blob/v3.259.0/sdk/nodejs/runtime/rpc.ts (specialSecretSig)
 */
import { isRpcSecret, specialSecretSig, specialSigKey, unwrapRpcSecret } from "@pulumi/pulumi/runtime/rpc";

/** `value` with every RPC secret wrapper removed, at any depth. */
export function unwrapSecrets<T>(value: T): T {
  if (isRpcSecret(value)) return unwrapSecrets(unwrapRpcSecret(value) as T);
  if (Array.isArray(value)) return value.map(unwrapSecrets) as T;
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)])) as T;
  }
  return value;
}

/** `value` wrapped so the engine stores it as a secret (ciphertext in state). */
export function asSecret(value: unknown): unknown {
  return { [specialSigKey]: specialSecretSig, value };
}

/** `props` with the named top-level properties, where present, wrapped as secrets. */
export function withSecrets<T extends object>(props: T, names: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, names.includes(k) && v !== undefined ? asSecret(v) : v]));
}

/**
 * `props` without what only the dynamic form stores: its provider stub (`__provider`) and the URN it records
 * for itself (`__urn`; the plugin is given the URN). State migrated from the dynamic form carries both.
 */
export function withoutDynamicInternals<T extends object>(props: T): T {
  const { __provider: _p, __urn: _u, ...rest } = props as Record<string, unknown>;
  return rest as T;
}
