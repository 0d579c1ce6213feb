/**
 * What each adapter module exports to the registry: how to check a configuration, what identifies the
 * target (a change of identity replaces the JwkSet), which keys it can hold, and how to open it.
 */
import type { Dispatcher } from "undici";
import type { InputFailure } from "../errors";
import type { PublicJwk } from "../core/keys/material";
import { credentialTransportProblem } from "../http/transport";
import type { KeySetTarget } from "./types";

/** Per-operation context: the undici dispatcher (tests pass a MockAgent) and a progress logger. */
export interface OpenContext {
  dispatcher?: Dispatcher | undefined;
  log?: ((message: string) => void) | undefined;
  /** Longest wait between retries (default 30 s); fault-injection tests shorten it. */
  maxRetryDelayMs?: number | undefined;
}

export interface TargetKind<C> {
  configFailures(config: Record<string, unknown>, path: string): InputFailure[];
  /** Keys this target cannot hold (e.g. an API without OKP keys), checked before anything is sent. */
  keyFailures?(keys: readonly PublicJwk[], path: string, inactiveKids: readonly string[]): InputFailure[];
  /** The part of the configuration that names the target; credentials and timeouts are not part of it. */
  identity(config: C): unknown;
  /** Whether the target keeps a status per key (ACTIVE/INACTIVE). */
  lifecycle: boolean;
  open(config: C, context: OpenContext): KeySetTarget;
}

/**
 * A failure when `value` is not an absolute https URL (http for loopback hosts only: credentials go to every
 * URL of a target), or carries user info, a query or a fragment: a URL is part of the target's name, which
 * appears in messages and state, and a query string is where tokens get pasted (`?api_key=...`).
 */
export function urlFailures(value: unknown, path: string): InputFailure[] {
  if (typeof value !== "string") return [{ property: path, reason: "required, an http(s) URL" }];
  let u: URL | undefined;
  try {
    u = new URL(value);
  } catch {
    // reported below
  }
  if (!u || (u.protocol !== "https:" && u.protocol !== "http:")) return [{ property: path, reason: "not an absolute http(s) URL" }];
  if (u.username || u.password)
    return [{ property: path, reason: "must not contain credentials; they are read from environment variables" }];
  if (u.search || u.hash || value.includes("?") || value.includes("#"))
    return [
      {
        property: path,
        reason:
          "must not have a query string or fragment (they are kept in state and messages); credentials come from environment variables",
      },
    ];
  const transport = credentialTransportProblem(u);
  return transport ? [{ property: path, reason: transport }] : [];
}

/**
 * A failure for each member of a target configuration that the kind does not know. A mistyped or invented
 * member (a `token` pasted in, say) would otherwise be stored in state and named in messages.
 */
export function unknownMemberFailures(config: Record<string, unknown>, known: readonly string[], path: string): InputFailure[] {
  return Object.keys(config)
    .filter((m) => m !== "kind" && !known.includes(m))
    .map((m) => ({
      property: `${path}.${m}`,
      reason: `unknown member; this target takes ${known.join(", ")} (credentials come from environment variables)`,
    }));
}

/**
 * A failure for each key member the target does not store: it would be missing from every read and so show
 * as drift on every refresh.
 */
export function unstoredMemberFailures(
  keys: readonly PublicJwk[],
  stored: readonly string[],
  vendor: string,
  path: string,
): InputFailure[] {
  return keys.flatMap((k, i) =>
    Object.keys(k)
      .filter((m) => !stored.includes(m))
      .map((m) => ({ property: `${path}[${i}].${m}`, reason: `${vendor} does not store "${m}"; leave it out of the published key` })),
  );
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
