/**
 * A rotation's inputs checked and turned into timings: each failure names the input and the reason, so
 * `pulumi preview` refuses a rotation that could reject valid tokens before anything exists.
 *
 * Token lifetime and JWKS cache time are optional inputs. When given, they bound the timings: a replaced key
 * must stay published until the last token it signed expired and every verifier's cached copy of the set is
 * gone (`retireAfter >= tokenLifetime + jwksCacheTtl`), and a new key may sign only once caches that predate
 * it have expired (`publishAhead >= jwksCacheTtl`).
 */
import type { InputFailure } from "../../errors/input";
import { isLoopbackHost } from "../loopback-host";
import { formatDuration, parseDuration } from "./duration";
import type { RotationTimings } from "./types";

/** The timing inputs as a program writes them (durations: "90d", "12h", "30m" or seconds). */
export interface TimingInputs {
  rotateEvery?: unknown;
  rotationTrigger?: unknown;
  publishAhead?: unknown;
  retireAfter?: unknown;
  tokenLifetime?: unknown;
  jwksCacheTtl?: unknown;
  jwksUri?: unknown;
}

/**
 * The timings, or every failure. Inputs unknown at preview (`isUnknown`, supplied by the caller that knows how
 * its engine marks them) are skipped (and give no timings).
 *
 * @example
 * rotationTimings({ rotateEvery: "30d", publishAhead: "2d", retireAfter: "3d" })
 * // { timings: { rotateEveryMs: 2592000000, publishAheadMs: 172800000, retireAfterMs: 259200000 }, failures: [] }
 */
export function rotationTimings(
  inputs: TimingInputs,
  isUnknown: (value: unknown) => boolean = () => false,
): { timings?: RotationTimings; failures: InputFailure[] } {
  const failures: InputFailure[] = [];
  const unknown = isUnknown(inputs);
  const duration = (name: keyof TimingInputs, required: boolean): number | undefined => {
    const v = inputs[name];
    if (v === undefined || v === null || isUnknown(v)) {
      if (required && v == null) failures.push({ property: name, reason: 'is required (a duration like "2d", "12h", "30m")' });
      return undefined;
    }
    const d = parseDuration(v);
    if ("reason" in d) failures.push({ property: name, reason: d.reason });
    return "ms" in d ? d.ms : undefined;
  };
  const rotateEvery = duration("rotateEvery", false);
  const publishAhead = duration("publishAhead", true);
  const retireAfter = duration("retireAfter", true);
  const tokenLifetime = duration("tokenLifetime", false);
  const cacheTtl = duration("jwksCacheTtl", false);
  if (inputs.rotateEvery == null && inputs.rotationTrigger === undefined) {
    failures.push({
      property: "rotateEvery",
      reason: "give rotateEvery (scheduled rotations) or rotationTrigger (rotate when it changes), or both",
    });
  }
  if (rotateEvery !== undefined && publishAhead !== undefined && rotateEvery <= publishAhead) {
    failures.push({
      property: "rotateEvery",
      reason: `must be longer than publishAhead (${formatDuration(publishAhead)}): each key is published publishAhead before it signs, and signs for rotateEvery`,
    });
  }
  if (retireAfter !== undefined && (tokenLifetime !== undefined || cacheTtl !== undefined)) {
    const needed = (tokenLifetime ?? 0) + (cacheTtl ?? 0);
    if (retireAfter < needed) {
      failures.push({
        property: "retireAfter",
        reason: `must cover tokenLifetime + jwksCacheTtl (${formatDuration(needed)}): a replaced key must stay published until the last token it signed expired and every cached copy of the set was refreshed; got ${formatDuration(retireAfter)}`,
      });
    }
  }
  if (publishAhead !== undefined && cacheTtl !== undefined && publishAhead < cacheTtl) {
    failures.push({
      property: "publishAhead",
      reason: `must be at least jwksCacheTtl (${formatDuration(cacheTtl)}): a verifier whose cached set predates the new key would reject its tokens; got ${formatDuration(publishAhead)}`,
    });
  }
  failures.push(...jwksUriFailures(inputs.jwksUri, isUnknown));
  if (failures.length > 0 || unknown || publishAhead === undefined || retireAfter === undefined) return { failures };
  return { timings: { rotateEveryMs: rotateEvery, publishAheadMs: publishAhead, retireAfterMs: retireAfter }, failures };
}

function jwksUriFailures(uri: unknown, isUnknown: (value: unknown) => boolean): InputFailure[] {
  if (uri === undefined || uri === null || isUnknown(uri)) return [];
  let url: URL;
  try {
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- any non-string fails to parse or is refused just below
    url = new URL(String(uri));
  } catch {
    return [{ property: "jwksUri", reason: `must be an absolute URL, got ${JSON.stringify(uri)}` }];
  }
  if (typeof uri !== "string" || (url.protocol !== "https:" && url.protocol !== "http:")) {
    return [{ property: "jwksUri", reason: "must be an https URL" }];
  }
  // A promotion trusts what this URL says: plain http could be answered by anyone on the path.
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    return [{ property: "jwksUri", reason: "must use https (plain http only for loopback hosts)" }];
  }
  if (url.username || url.password || url.hash) return [{ property: "jwksUri", reason: "must not carry user info or a fragment" }];
  return [];
}
