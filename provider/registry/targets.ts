/**
 * Chooses a target adapter from a typed map by `kind`; an unknown kind is an explicit error.
 */
import { JwkInputError, type InputFailure } from "../errors";
import type { PublicJwk } from "../core/keys/material";
import { fileKind } from "../targets/file/file";
import { janssenKind, type JanssenTargetConfig } from "../vendors/janssen/target";
import type { OpenContext, TargetKind } from "../targets/kind";
import { oktaKind, type OktaTargetConfig } from "../vendors/okta/target";
import type { FileTargetConfig, KeySetTarget, UrlTargetConfig } from "../targets/types";
import { urlKind } from "../targets/url/url";

/** Every target kind this package knows, discriminated by `kind`. */
export type TargetConfig = FileTargetConfig | JanssenTargetConfig | OktaTargetConfig | UrlTargetConfig;

const KINDS: { [K in TargetConfig["kind"]]: TargetKind<Extract<TargetConfig, { kind: K }>> } = {
  file: fileKind,
  janssen: janssenKind,
  okta: oktaKind,
  url: urlKind,
};

/** Target kinds this package can publish to. */
export const TARGET_KINDS = Object.keys(KINDS) as TargetConfig["kind"][];

/** Target kinds whose keys have a status (ACTIVE/INACTIVE). */
export const LIFECYCLE_TARGET_KINDS = TARGET_KINDS.filter((kind) => KINDS[kind].lifecycle);

function kindOf(config: TargetConfig): TargetKind<TargetConfig> {
  return KINDS[config.kind];
}

/** Everything wrong with a target configuration, by property path. */
export function targetFailures(value: unknown, path: string): InputFailure[] {
  if (typeof value !== "object" || value === null)
    return [{ property: path, reason: `must be an object with a "kind" (${TARGET_KINDS.join(", ")})` }];
  const t = value as Record<string, unknown>;
  if (!TARGET_KINDS.includes(t.kind as TargetConfig["kind"])) {
    return [
      { property: `${path}.kind`, reason: `unknown target kind ${JSON.stringify(t.kind)}; expected one of ${TARGET_KINDS.join(", ")}` },
    ];
  }
  return kindOf(t as unknown as TargetConfig).configFailures(t, path);
}

/** Keys the target cannot hold (checked before anything is sent). */
export function targetKeyFailures(
  config: TargetConfig,
  keys: readonly PublicJwk[],
  path: string,
  inactiveKids: readonly string[] = [],
): InputFailure[] {
  return kindOf(config).keyFailures?.(keys, path, inactiveKids) ?? [];
}

/** What names the target: a JwkSet whose target identity changes is replaced. */
export function targetIdentity(config: TargetConfig): unknown {
  return { kind: config.kind, id: kindOf(config).identity(config) };
}

/** Whether keys on this target have a status (ACTIVE/INACTIVE). */
export function targetHasLifecycle(config: TargetConfig): boolean {
  return kindOf(config).lifecycle;
}

/**
 * Opens the adapter for a target configuration.
 *
 * @example
 * const target = openTarget({ kind: "file", path: "jwks.json" })
 */
export function openTarget(config: TargetConfig, context: OpenContext = {}): KeySetTarget {
  const failures = targetFailures(config, "target");
  if (failures.length > 0) throw new JwkInputError(failures);
  return kindOf(config).open(config, context);
}
