/**
 * The retry policy of http.ts: which statuses are worth another attempt, and how long the server asks us to
 * wait before it.
 */
import type { HttpResponse } from "./errors";

/** Statuses a call is retried on (429 always; the 5xx ones only when the call is idempotent). */
export const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

/**
 * How long the server asks us to wait, in ms: Retry-After (seconds or date), else, on a 429 only, the
 * vendor's rate-limit reset header when the client names one (`resetHeader`, epoch seconds). Some servers send
 * such a header on every response, where it says when the window resets, not that this call must wait for it.
 */
export function retryDelayFromHeaders(
  headers: HttpResponse["headers"],
  now = Date.now(),
  status = 429,
  resetHeader?: string,
): number | undefined {
  const one = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const retryAfter = one("retry-after");
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  if (resetHeader === undefined) return undefined;
  const reset = Number(one(resetHeader.toLowerCase()));
  if (status === 429 && one(resetHeader.toLowerCase()) !== undefined && Number.isFinite(reset)) return Math.max(0, reset * 1000 - now);
  return undefined;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
