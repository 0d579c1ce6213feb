/**
 * Chooses a target adapter from a typed map by `kind`; an unknown kind is an explicit error.
 */
import type { InputFailure } from "../errors";
import { JwkInputError } from "../errors";
import { fileTarget } from "./file";
import type { KeySetTarget, TargetConfig } from "./types";

type Opener<K extends TargetConfig["kind"]> = (config: Extract<TargetConfig, { kind: K }>) => KeySetTarget;

const OPENERS: { [K in TargetConfig["kind"]]: Opener<K> } = {
  file: fileTarget,
};

/** Target kinds this package can publish to. */
export const TARGET_KINDS = Object.keys(OPENERS) as TargetConfig["kind"][];

/** Everything wrong with a target configuration, by property path. */
export function targetFailures(value: unknown, path: string): InputFailure[] {
  if (typeof value !== "object" || value === null) return [{ property: path, reason: `must be an object with a "kind" (${TARGET_KINDS.join(", ")})` }];
  const t = value as Record<string, unknown>;
  if (!TARGET_KINDS.includes(t.kind as TargetConfig["kind"])) {
    return [{ property: `${path}.kind`, reason: `unknown target kind ${JSON.stringify(t.kind)}; expected one of ${TARGET_KINDS.join(", ")}` }];
  }
  if (t.kind === "file" && (typeof t.path !== "string" || t.path.length === 0)) return [{ property: `${path}.path`, reason: "required, a file path" }];
  return [];
}

/**
 * Opens the adapter for a target configuration.
 *
 * @example
 * const target = openTarget({ kind: "file", path: "jwks.json" })
 */
export function openTarget(config: TargetConfig): KeySetTarget {
  const failures = targetFailures(config, "target");
  if (failures.length > 0) throw new JwkInputError(failures);
  return (OPENERS[config.kind] as Opener<typeof config.kind>)(config);
}
