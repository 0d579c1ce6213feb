/**
 * What Okta's management API adds to the generic transport: the SSWS API-token scheme, its error body
 * (`{errorCode, errorSummary, errorCauses}`) and its rate-limit reset header.
 *
 * @see https://developer.okta.com/docs/guides/create-an-api-token/ (SSWS)
 * @see https://developer.okta.com/docs/reference/error-codes/ (error body)
 * @see https://developer.okta.com/docs/reference/rl-best-practices/ (X-Rate-Limit-Reset)
 */
import { vendorError, type VendorErrorBody } from "../../http/errors";
import type { AuthStrategy } from "../../http/send";

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
