/**
 * What each adapter module exports to the registry: how to check a configuration, what identifies the
 * target (a change of identity replaces the JwkSet), which keys it can hold, and how to open it.
 */
import type { Dispatcher } from "undici";
import type { InputFailure } from "../errors";
import type { PublicJwk } from "../keys/material";
import type { KeySetTarget } from "./types";

/** Per-operation context: the undici dispatcher (tests pass a MockAgent) and a progress logger. */
export interface OpenContext {
  dispatcher?: Dispatcher | undefined;
  log?: ((message: string) => void) | undefined;
}

export interface TargetKind<C> {
  configFailures(config: Record<string, unknown>, path: string): InputFailure[];
  /** Keys this target cannot hold (e.g. Okta has no OKP keys), checked before anything is sent. */
  keyFailures?(keys: readonly PublicJwk[], path: string): InputFailure[];
  /** The part of the configuration that names the target; credentials and timeouts are not part of it. */
  identity(config: C): unknown;
  /** Whether the target keeps a status per key (ACTIVE/INACTIVE). */
  lifecycle: boolean;
  open(config: C, context: OpenContext): KeySetTarget;
}

/** A failure when `value` is not an absolute http(s) URL. */
export function urlFailures(value: unknown, path: string): InputFailure[] {
  if (typeof value !== "string") return [{ property: path, reason: "required, an http(s) URL" }];
  try {
    const u = new URL(value);
    if (u.protocol === "https:" || u.protocol === "http:") return [];
  } catch {
    // reported below
  }
  return [{ property: path, reason: `not an absolute http(s) URL: ${JSON.stringify(value)}` }];
}

/** A failure when `value` is present and not a non-empty string. */
export function optionalStringFailures(value: unknown, path: string): InputFailure[] {
  return value === undefined || (typeof value === "string" && value.length > 0)
    ? []
    : [{ property: path, reason: "must be a non-empty string" }];
}

/** A failure when `value` is present and not a positive integer. */
export function optionalPositiveIntFailures(value: unknown, path: string): InputFailure[] {
  return value === undefined || (Number.isInteger(value) && (value as number) > 0)
    ? []
    : [{ property: path, reason: "must be a positive whole number" }];
}
