/**
 * What Okta's management API adds to the generic transport: the SSWS API-token scheme, its error body
 * (`{errorCode, errorSummary, errorCauses}`) and its rate-limit reset header.
 *
 * @see https://developer.okta.com/docs/guides/create-an-api-token/ (SSWS)
 * @see https://developer.okta.com/docs/reference/error-codes/ (error body)
 * @see https://developer.okta.com/docs/reference/rl-best-practices/ (X-Rate-Limit-Reset)
 */
import { vendorError, type VendorErrorBody } from "../../http/errors";
import type { AuthStrategy, HttpResponse } from "../../http/send";
import type { RateLimitWindow } from "../../http/rate-limit";

/** Okta API token: `Authorization: SSWS <token>`. */
export function oktaSsws(token: string): AuthStrategy {
  return { authorization: async () => `SSWS ${token}` };
}

/**
 * Okta's error code and message: `errorCode`, `errorSummary` and each `errorCauses` summary; any other shape
 * (an OAuth error from the token endpoint) is read as the generic transport reads it.
 */
export function oktaErrorBody(body: unknown): VendorErrorBody {
  if (typeof body !== "object" || body === null) return {};
  const b = body as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" && v.length > 0 ? v : undefined);
  const code = str(b.errorCode);
  const summary = str(b.errorSummary);
  const causes = Array.isArray(b.errorCauses)
    ? b.errorCauses.map((c) => str((c as Record<string, unknown>)?.errorSummary)).filter(Boolean)
    : [];
  const generic = vendorError(body);
  const full = [summary ?? generic.message, ...causes].filter(Boolean).join(": ");
  const c = code ?? generic.code;
  return { ...(c ? { code: c } : {}), ...(full ? { message: full } : {}) };
}

/**
 * Okta's rate-limit header (epoch seconds). Okta sends it on every response, where it says when the window
 * resets, not that this call must wait for it: the transport honours it on a 429 only.
 */
export const OKTA_RATE_LIMIT_RESET = "X-Rate-Limit-Reset";

/**
 * Okta's rate-limit window from a response: `X-Rate-Limit-Limit`, `-Remaining` and `-Reset` (epoch seconds);
 * undefined when any is missing or not a number. The generic limiter (http/rate-limit.ts) paces calls by it.
 *
 * @example
 * oktaRateLimitWindow({ "x-rate-limit-limit": "100", "x-rate-limit-remaining": "7", "x-rate-limit-reset": "1767225600" })
 * // { limit: 100, remaining: 7, resetAtMs: 1767225600000 }
 */
export function oktaRateLimitWindow(headers: HttpResponse["headers"]): RateLimitWindow | undefined {
  const number = (name: string) => {
    const v = headers[name];
    const text = Array.isArray(v) ? v[0] : v;
    return text === undefined || text.trim() === "" ? NaN : Number(text);
  };
  const limit = number("x-rate-limit-limit");
  const remaining = number("x-rate-limit-remaining");
  const reset = number("x-rate-limit-reset");
  if (!Number.isFinite(remaining) || !Number.isFinite(reset)) return undefined;
  return { ...(Number.isFinite(limit) ? { limit } : {}), remaining, resetAtMs: reset * 1000 };
}
